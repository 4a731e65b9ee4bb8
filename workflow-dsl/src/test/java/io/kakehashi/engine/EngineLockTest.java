package io.kakehashi.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineLockTest {
  @TempDir Path home;

  @Test
  void aSecondEngineInTheHomeFailsAtOnceNamingTheRunAndThePidThatHoldsIt() {
    long pid = ProcessHandle.current().pid();
    try (EngineLock lock = EngineLock.acquire(home, "run-a")) {
      assertEquals(Optional.of(EngineOwner.current("run-a")), EngineLock.holder(home));

      EngineException sameRun = assertThrows(EngineException.class, () -> EngineLock.acquire(home, "run-a"));
      assertTrue(sameRun.getMessage().contains("run run-a is still running") && sameRun.getMessage().contains("pid " + pid),
          sameRun.getMessage());
      EngineException otherRun = assertThrows(EngineException.class, () -> EngineLock.acquire(home, "run-b"));
      assertTrue(otherRun.getMessage().contains("run run-a is running in home") && otherRun.getMessage().contains("pid " + pid),
          otherRun.getMessage());
    }
    assertEquals(Optional.empty(), EngineLock.holder(home), "a released lock names nobody");
    try (EngineLock again = EngineLock.acquire(home, "run-b")) {
      assertEquals("run-b", EngineLock.holder(home).orElseThrow().runId());
    }
  }

  @Test
  void aStaleRecordWhosePidWentToAStrangerNamesNobody() throws Exception {
    Process stranger = new ProcessBuilder("sleep", "30").start();
    try {
      long started = stranger.info().startInstant().map(Instant::toEpochMilli).orElseThrow();
      // What a kill -9'd engine leaves when the kernel later gives its pid to another process.
      Files.writeString(home.resolve(EngineLock.FILE), stranger.pid() + " " + (started - 5_000) + " run-a\n");
      assertEquals(Optional.empty(), EngineLock.holder(home));
      assertEquals(Optional.empty(), new EngineOwner(stranger.pid(), started - 5_000, "run-a").process());
      // The same pid with its own start time is that process.
      assertTrue(new EngineOwner(stranger.pid(), started, "run-a").alive());
      try (EngineLock lock = EngineLock.acquire(home, "run-b")) {
        assertEquals("run-b", EngineLock.holder(home).orElseThrow().runId(), "a stale record does not block");
      }
      assertTrue(stranger.isAlive());
    } finally {
      stranger.destroy();
    }
  }

  @Test
  void aDamagedRecordNamesNobody() throws Exception {
    Files.writeString(home.resolve(EngineLock.FILE), "garbage");
    assertEquals(Optional.empty(), EngineLock.holder(home));
    assertEquals(Optional.empty(), EngineLock.holder(home.resolve("no-such-home")));
  }
}
