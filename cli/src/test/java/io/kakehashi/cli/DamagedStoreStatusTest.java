package io.kakehashi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.store.Damage;
import io.kakehashi.workflow.Campaign;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.Sweep;
import io.kakehashi.workflow.Workflow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A home whose run store has a damaged page in its middle, as users meet it: the run that reads
 * the page exits 2 saying the file is damaged, and {@code status} and {@code runs} show that run
 * as failed, not as running for ever.
 */
class DamagedStoreStatusTest {
  @TempDir Path dir;

  /** 300 in-process points, each recording a value: enough results for the table to span many pages. */
  public static final class Squares implements Campaign {
    @Override
    public Workflow define(Map<String, String> p) {
      List<Integer> xs = new ArrayList<>();
      for (int i = 0; i < 300; i++) xs.add(i);
      return Workflow.builder("squares")
          .step(Step.function("square", ctx -> ctx.value("square", ctx.params().getInt("x") * ctx.params().getInt("x")))
              .sweep(Sweep.over("x", xs)).version("1"))
          .build();
    }
  }

  private CliRun kakehashi(String... args) {
    return CliRun.of(dir.resolve("home"), args);
  }

  @Test
  void theRunThatMeetsADamagedPageIsShownFailedNotRunning() throws Exception {
    CliRun first = kakehashi("run", Squares.class.getName());
    assertEquals(Main.OK, first.code(), first.err());
    Path file = dir.resolve("home/runs.db");
    Damage.middlePageOf(file, "results");

    CliRun second = kakehashi("run", Squares.class.getName()); // every point's cached result is looked up
    assertEquals(Main.BAD_INPUT, second.code(), second.err());
    assertTrue(second.err().contains("kakehashi: run store " + file + " is damaged (SQLite: database disk image is"
        + " malformed), so Kakehashi could not look up results of square; move it aside"), second.err());

    CliRun runs = kakehashi("runs");
    assertEquals(Main.OK, runs.code(), runs.err());
    List<String> rows = runs.out().lines().skip(1).toList();
    assertEquals(2, rows.size(), runs.out());
    assertTrue(rows.get(0).contains(" failed "), "the newest run: " + rows.get(0));
    assertTrue(rows.get(1).contains(" succeeded "), "the first run: " + rows.get(1));
    CliRun status = kakehashi("status");
    assertTrue(status.out().contains("state failed"), status.out() + status.err());
    assertFalse(runs.out().contains("running") || status.out().contains("state running"), runs.out() + status.out());
  }
}
