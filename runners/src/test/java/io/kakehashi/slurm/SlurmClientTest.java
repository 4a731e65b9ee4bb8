package io.kakehashi.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The slurmrestd client's auth, errors and doctor checks against a real Slurm 22.05. */
@ExtendWith(LocalSlurm.class)
class SlurmClientTest {

  @Test
  void rejectedTokenIsRefreshedOnceByTheTokenCommand(LocalSlurm.Cluster slurm) {
    TokenSource tokens = TokenSource.of(Secret.of("expired.not-a.jwt"), slurm.tokenCommand());
    try (SlurmClient client = SlurmClient.builder(slurm.url()).user("root").tokens(tokens)
        .apiVersion(slurm.api()).build()) {
      assertTrue(client.partitions().contains("debug"));
      // The rejected request and its one retry with the fresh token.
      assertEquals(2L, client.statistics().get("slurm.http.requests"));
    }
  }

  @Test
  void rejectedTokenWithoutRefreshQuotesSlurmsError(LocalSlurm.Cluster slurm) {
    try (SlurmClient client = SlurmClient.builder(slurm.url()).user("root")
        .tokens(TokenSource.fixed(Secret.of("expired.not-a.jwt"))).apiVersion(slurm.api())
        .retries(1, Duration.ZERO).build()) {
      SlurmException e = assertThrows(SlurmException.class, client::jobs);
      assertEquals(500, e.httpStatus());
      assertTrue(e.getMessage().startsWith("GET /slurm/v0.0.38/jobs failed (HTTP 500): Unspecified error"),
          e.getMessage());
    }
  }

  @Test
  void tokenNeverAppearsInMessagesOrToString(LocalSlurm.Cluster slurm) {
    TokenSource tokens = TokenSource.command(slurm.tokenCommand());
    Secret token = tokens.current();
    try (SlurmClient client = SlurmClient.builder(slurm.url()).user("root").tokens(tokens).build();
         SlurmClient nowhere = SlurmClient.builder("http://127.0.0.1:9").user("root").tokens(tokens)
             .apiVersion(ApiVersion.V0_0_38).retries(2, Duration.ofMillis(10)).build()) {
      SlurmException unknownJob = assertThrows(SlurmException.class, () -> client.job("999999"));
      assertTrue(unknownJob.isInvalidJobId(), unknownJob.getMessage());
      assertTrue(unknownJob.getMessage().contains("Invalid job id specified"), unknownJob.getMessage());
      SlurmException refused = assertThrows(SlurmException.class, nowhere::jobs);
      assertTrue(refused.getMessage().contains("unreachable"), refused.getMessage());
      JobSubmission job = new JobSubmission("#!/bin/bash\ntrue\n", "n", "", "", Path.of("/tmp"), "", "",
          Map.of("PATH", "/bin", "SLURM_JWT", token.reveal()), "", "", "", 0, 1, 1, 0, 1, "", "");
      for (String text : List.of(unknownJob.getMessage(), refused.getMessage(), String.valueOf(refused.getCause()),
          client.toString(), tokens.toString(), token.toString(), job.toString(),
          client.statistics().toString())) {
        assertFalse(token.appearsIn(text), "token leaked into: " + text);
      }
    }
  }

  @Test
  void doctorFindsNothingWrongWithTheLocalCluster(LocalSlurm.Cluster slurm) {
    SlurmConfig config = slurm.config(Map.of("partition", "debug"));
    try (SlurmClient client = slurm.client()) {
      List<SlurmDoctor.Finding> findings = SlurmDoctor.check(config, client);
      assertTrue(findings.stream().allMatch(SlurmDoctor.Finding::ok), findings.toString());
      assertEquals(List.of("connection", "api version", "auth", "partitions", "controller"),
          findings.stream().map(SlurmDoctor.Finding::check).toList());
    }
  }

  @Test
  void doctorNamesWhatIsWrong(LocalSlurm.Cluster slurm, @TempDir Path probes) {
    try (SlurmClient client = slurm.client()) {
      List<SlurmDoctor.Finding> findings = SlurmDoctor.check(slurm.config(Map.of("partition", "gpu-xl")), client);
      SlurmDoctor.Finding partitions = findings.stream().filter(f -> f.check().equals("partitions")).findFirst().orElseThrow();
      assertFalse(partitions.ok());
      assertTrue(partitions.detail().contains("'gpu-xl' not found; slurmctld has [debug]"), partitions.detail());
    }
    List<SlurmDoctor.Finding> down = SlurmDoctor.check(Map.of("url", "http://127.0.0.1:9", "retries", "1",
        "token-command", String.join(" ", slurm.tokenCommand())), probes);
    assertEquals("connection", down.get(0).check());
    assertFalse(down.get(0).ok(), down.toString());
    List<SlurmDoctor.Finding> badToken = SlurmDoctor.check(Map.of("url", slurm.url(), "retries", "1",
        "api-version", "v0.0.38", "token-command", "/bin/echo SLURM_JWT=forged"), probes);
    assertFalse(badToken.get(badToken.size() - 1).ok(), badToken.toString());
    assertEquals("auth", badToken.get(badToken.size() - 1).check());
  }
}
