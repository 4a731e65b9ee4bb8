package io.kakehashi.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.engine.RunOutcome;
import io.kakehashi.engine.TestEngines;
import io.kakehashi.plan.Fingerprints;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Environment values may be secrets: the store keeps only a digest keyed with the home's own key. */
class FingerprintKeyTest {
  @TempDir Path dir;

  private static Workflow withSecret(String token) {
    return Workflow.builder("secret")
        .step(Step.function("use", ctx -> ctx.value("ok", true)).env("API_TOKEN", token).version("1"))
        .build();
  }

  private static String recordedEnvPart(TestEngines.Fixture f, RunOutcome out) {
    return f.store().points(out.runId()).get(0).parts().get("env:API_TOKEN");
  }

  @Test
  void aSecretIsRecordedOnlyAsAKeyedDigestThatStillCaches() throws Exception {
    Path home = dir.resolve("home");
    String recorded;
    try (var f = TestEngines.create(home)) {
      RunOutcome out = f.engine().run(withSecret("hunter2"), "test", Map.of());
      recorded = recordedEnvPart(f, out);
      byte[] key = Files.readAllBytes(home.resolve(FingerprintKey.FILE));
      assertEquals(32, key.length);
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(FingerprintKey.FILE))));
      assertEquals(Fingerprints.keyedDigest(key, "hunter2"), recorded);
      assertNotEquals(Fingerprints.shortDigest("hunter2"), recorded, "a guess cannot be confirmed without the key");
      assertFalse(Files.readString(home.resolve("runs.db"), java.nio.charset.StandardCharsets.ISO_8859_1).contains("hunter2"));

      assertEquals(1, f.engine().run(withSecret("hunter2"), "test", Map.of()).cached(), "same key, same fingerprint");
      assertEquals(0, f.engine().run(withSecret("hunter3"), "test", Map.of()).cached(), "a changed secret runs again");
    }
    try (var other = TestEngines.create(dir.resolve("other-home"))) {
      RunOutcome out = other.engine().run(withSecret("hunter2"), "test", Map.of());
      assertNotEquals(recorded, recordedEnvPart(other, out), "each home has its own key");
    }
  }

  @Test
  void theKeyIsMadeOnceAndAReadableCopyIsTightened() throws Exception {
    Path file = dir.resolve(FingerprintKey.FILE);
    byte[] key = FingerprintKey.loadOrCreate(file);
    assertArrayEquals(key, FingerprintKey.loadOrCreate(file));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertArrayEquals(key, FingerprintKey.loadOrCreate(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertTrue(Files.list(dir).allMatch(p -> p.equals(file)), "no temporary file left");
  }
}
