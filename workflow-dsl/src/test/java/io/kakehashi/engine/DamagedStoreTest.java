package io.kakehashi.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.event.RunState;
import io.kakehashi.store.Damage;
import io.kakehashi.store.RunStore;
import io.kakehashi.store.RunSummary;
import io.kakehashi.store.StoreException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run store with a damaged page: the run that meets it ends as FAILED, never left reading as
 * running, and the error names the file and says it is damaged. The store is a real one, written
 * by a 300-point run; a page in its middle is overwritten as a disk or a copy would damage it.
 */
class DamagedStoreTest {
  @TempDir Path dir;

  private static List<Integer> points(int n) {
    List<Integer> xs = new ArrayList<>();
    for (int i = 0; i < n; i++) xs.add(i);
    return xs;
  }

  /** A store holding one finished 300-point run of {@link EngineTest#squares}. */
  private Path storeOfOneRun() {
    try (var f = TestEngines.create(dir)) {
      assertEquals(RunState.SUCCEEDED, f.engine().run(EngineTest.squares(points(300), 0), "test", Map.of()).state());
    }
    return dir.resolve("runs.db");
  }

  private static RunSummary newest(Path file) {
    try (RunStore store = RunStore.open(file)) {
      return store.runs().get(0);
    }
  }

  @Test
  void aDamagedResultsPageFailsTheRunThatReadsItAndNamesTheFile() throws Exception {
    Path file = storeOfOneRun();
    long page = Damage.middlePageOf(file, "results");
    try (var f = TestEngines.create(dir)) {
      // The same sweep again: planning looks up every point's cached result, the damaged page among them.
      StoreException e = assertThrows(StoreException.class,
          () -> f.engine().run(EngineTest.squares(points(300), 0), "test", Map.of()));
      assertTrue(e.getMessage().startsWith("run store " + file + " is damaged (SQLite: database disk image is"
          + " malformed), so Kakehashi could not look up results of square; move it aside"), "page " + page + ": " + e);
      assertEquals(0, e.getSuppressed().length, "the failed read left nothing behind that failed the FAILED batch");
    }
    RunSummary second = newest(file);
    assertEquals(RunState.FAILED, second.state(), "the run that met the damage is not left running");
  }

  @Test
  void whenNoEventCanBeWrittenTheRunsOwnRowStillSaysItFailed() throws Exception {
    Path file = storeOfOneRun();
    Damage.middlePageOf(file, "events"); // every batch writes an event row: none can be written now
    try (var f = TestEngines.create(dir)) {
      StoreException e = assertThrows(StoreException.class,
          () -> f.engine().run(EngineTest.squares(points(3), 1), "test", Map.of()));
      assertTrue(e.getMessage().startsWith("run store " + file + " is damaged"), e.getMessage());
      assertEquals(1, e.getSuppressed().length, "the FAILED batch could not be written either: " + List.of(e.getSuppressed()));
      assertTrue(e.getSuppressed()[0].getMessage().contains("is damaged"), e.getSuppressed()[0].getMessage());
    }
    RunSummary second = newest(file);
    assertEquals(RunState.FAILED, second.state(), "its row alone was written");
  }
}
