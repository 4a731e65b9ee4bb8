package io.kakehashi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kakehashi.store.ReadOnly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A home this user may not write (a colleague's, a read-only mount) can still be looked at:
 * {@code runs}, {@code status}, {@code logs} and {@code report -o} read the store read-only, and
 * only commands that would write it say it is read-only (BadInputTest).
 */
class ReadOnlyHomeTest {
  @TempDir Path dir;

  @Test
  void runsStatusLogsAndReportReadAHomeNobodyMayWrite() throws Exception {
    Path home = dir.resolve("home");
    Path campaign = dir.resolve("Hello.java");
    Files.writeString(campaign, """
        import io.kakehashi.workflow.*;
        import java.util.*;
        public class Hello implements Campaign {
          public Workflow define(Map<String, String> p) {
            return Workflow.builder("hello").step(Step.command("greet", "echo", "hello")).build();
          }
        }
        """);
    CliRun ran = CliRun.of(home, "run", campaign.toString());
    assertEquals(0, ran.code(), ran.err());

    Optional<ReadOnly> readOnly = ReadOnly.make(home);
    assumeTrue(readOnly.isPresent(), ReadOnly.unavailable());
    try (ReadOnly ignored = readOnly.get()) {
      CliRun runs = CliRun.of(home, "runs");
      assertEquals(0, runs.code(), runs.err());
      assertTrue(runs.out().contains("hello") && runs.out().contains("succeeded"), runs.out());

      CliRun status = CliRun.of(home, "status");
      assertEquals(0, status.code(), status.err());
      assertTrue(status.out().contains("greet"), status.out());

      String run = runs.out().lines().filter(l -> l.contains("hello")).findFirst().orElseThrow().split("\\s+")[0];
      CliRun logs = CliRun.of(home, "logs", run, "greet");
      assertEquals(0, logs.code(), logs.err());
      assertTrue(logs.out().contains("hello"), logs.out());

      Path report = dir.resolve("report.html");
      CliRun html = CliRun.of(home, "report", "-o", report.toString());
      assertEquals(0, html.code(), html.err());
      assertTrue(Files.readString(report).contains("greet"));

      CliRun again = CliRun.of(home, "run", campaign.toString());
      assertEquals(Main.BAD_INPUT, again.code(), "running writes the home: " + again.err());
      assertTrue(again.err().contains("is read-only"), again.err());
    }
  }
}
