package io.kakehashi.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.event.Event;
import io.kakehashi.event.RunState;
import io.kakehashi.store.PointRecord;
import io.kakehashi.workflow.FailureKind;
import io.kakehashi.workflow.FailureMode;
import io.kakehashi.workflow.Input;
import io.kakehashi.workflow.RetryPolicy;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.Sweep;
import io.kakehashi.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
  @TempDir Path dir;

  /** Counts executions per step so tests can tell what ran again. */
  static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

  static int runs(String step) {
    return RUNS.computeIfAbsent(step, k -> new AtomicInteger()).get();
  }

  static Workflow squares(List<Integer> xs, int offset) {
    return Workflow.builder("squares")
        .step(Step.function("square", ctx -> {
              RUNS.computeIfAbsent("square", k -> new AtomicInteger()).incrementAndGet();
              int x = ctx.params().getInt("x");
              Files.writeString(ctx.workDir().resolve("out.txt"), Integer.toString(x * x));
              ctx.value("square", x * x);
            })
            .sweep(Sweep.over("x", xs))
            .outputs("out.txt")
            .version("v1"))
        .step(Step.function("sum", ctx -> {
              RUNS.computeIfAbsent("sum", k -> new AtomicInteger()).incrementAndGet();
              long total = ctx.params().getInt("offset");
              for (Path p : ctx.inputFiles("squares")) total += Long.parseLong(Files.readString(p));
              ctx.value("total", total);
            })
            .sweep(Sweep.over("offset", List.of(offset)))
            .input("squares", Input.gather("square", "out.txt"))
            .version("v1"))
        .build();
  }

  @Test
  void sweepThenGatherComputesAndRecordsValues() {
    RUNS.clear();
    try (var f = TestEngines.create(dir)) {
      RunOutcome out = f.engine().run(squares(List.of(1, 2, 3, 4), 0), "test", Map.of());
      assertEquals(RunState.SUCCEEDED, out.state(), out.failures().toString());
      assertEquals(5, out.succeeded());
      assertEquals(List.of(Map.of("total", 30)), f.store().values(out.runId(), "sum"));
      // Outputs are published under their fingerprint, never left in a staging dir.
      for (PointRecord p : f.store().points(out.runId())) {
        if (p.key().step().equals("square")) {
          assertTrue(Files.exists(Path.of(p.workDir(), "out.txt")), p.toString());
          assertFalse(Path.of(p.workDir()).getFileName().toString().startsWith("."));
        }
      }
    }
  }

  @Test
  void secondRunReusesEverythingAndChangedParameterRerunsOnlyWhatDependsOnIt() {
    RUNS.clear();
    try (var f = TestEngines.create(dir)) {
      f.engine().run(squares(List.of(1, 2, 3), 0), "test", Map.of());
      assertEquals(3, runs("square"));
      assertEquals(1, runs("sum"));

      RunOutcome again = f.engine().run(squares(List.of(1, 2, 3), 0), "test", Map.of());
      assertEquals(4, again.cached());
      assertEquals(3, runs("square"), "nothing ran again");

      RunOutcome changed = f.engine().run(squares(List.of(1, 2, 3), 10), "test", Map.of());
      assertEquals(3, changed.cached());
      assertEquals(1, changed.succeeded());
      assertEquals(3, runs("square"));
      assertEquals(2, runs("sum"));
      PointRecord sum = f.store().points(changed.runId()).stream()
          .filter(p -> p.key().step().equals("sum")).findFirst().orElseThrow();
      assertEquals("param:offset changed", sum.reason());
      assertEquals(List.of(Map.of("total", 24)), f.store().values(changed.runId(), "sum"));

      RunOutcome grown = f.engine().run(squares(List.of(1, 2, 3, 5), 10), "test", Map.of());
      assertEquals(4, runs("square"), "only the new point ran");
      assertEquals(3, runs("sum"), "the gather depends on every point, so it ran again");
      PointRecord sum2 = f.store().points(grown.runId()).stream()
          .filter(p -> p.key().step().equals("sum")).findFirst().orElseThrow();
      assertEquals("input:squares changed", sum2.reason());
    }
  }

  @Test
  void retriesTransientFailuresThenSucceeds() {
    AtomicInteger calls = new AtomicInteger();
    Workflow wf = Workflow.builder("flaky")
        .step(Step.function("flaky", ctx -> {
          if (calls.incrementAndGet() < 3) throw new IllegalStateException("try again");
          ctx.value("ok", true);
        }).retry(RetryPolicy.attempts(3).withBackoff(Duration.ofMillis(10), 1.0)))
        .build();
    try (var f = TestEngines.create(dir)) {
      RunOutcome out = f.engine().run(wf, "test", Map.of());
      assertEquals(RunState.SUCCEEDED, out.state());
      assertEquals(3, calls.get());
      assertEquals(3, f.store().attempts(out.runId()).size());
      assertEquals(2, f.events().stream().filter(e -> e instanceof Event.PointFailed pf && pf.willRetry()).count());
    }
  }

  @Test
  void failureSkipsDependentsAndKeepsIndependentBranchesWhenAsked() {
    Workflow wf = Workflow.builder("branches")
        .failureMode(FailureMode.CONTINUE_INDEPENDENT)
        .step(Step.function("bad", ctx -> {
          throw new IllegalArgumentException("bad input in candidate 7");
        }))
        .step(Step.function("after-bad", ctx -> {}).after("bad"))
        .step(Step.function("good", ctx -> ctx.value("v", 1)))
        .build();
    try (var f = TestEngines.create(dir)) {
      RunOutcome out = f.engine().run(wf, "test", Map.of());
      assertEquals(RunState.FAILED, out.state());
      assertEquals(1, out.failed());
      assertEquals(1, out.skipped());
      assertEquals(1, out.succeeded());
      assertTrue(out.failures().get(0).contains("bad input in candidate 7"), out.failures().toString());
    }
  }

  @Test
  void aStepThatWritesNoDeclaredOutputFailsNamingTheFile() {
    Workflow wf = Workflow.builder("lazy")
        .step(Step.function("lazy", ctx -> ctx.workDir()).outputs("result.h5"))
        .build();
    try (var f = TestEngines.create(dir)) {
      RunOutcome out = f.engine().run(wf, "test", Map.of());
      assertEquals(RunState.FAILED, out.state());
      assertTrue(out.failures().get(0).contains(FailureKind.MISSING_OUTPUT.name()));
      assertTrue(out.failures().get(0).contains("result.h5"));
    }
  }

  @Test
  void dynamicSweepRunsThePointsAnUpstreamStepChose() {
    Workflow wf = Workflow.builder("screen")
        .step(Step.function("choose", ctx -> ctx.value("picks", List.of(Map.of("id", 3), Map.of("id", 9)))))
        .step(Step.function("verify", ctx -> ctx.value("id2", ctx.params().getInt("id") * 2))
            .sweep(Sweep.fromValues("choose", "picks")))
        .build();
    try (var f = TestEngines.create(dir)) {
      RunOutcome out = f.engine().run(wf, "test", Map.of());
      assertEquals(RunState.SUCCEEDED, out.state(), out.failures().toString());
      assertEquals(List.of(Map.of("id2", 6), Map.of("id2", 18)), f.store().values(out.runId(), "verify"));
    }
  }

  @Test
  void anEmptyDynamicSweepCompletesAndItsDependentsStillRun() {
    Workflow wf = Workflow.builder("nothing-to-verify")
        .step(Step.function("choose", ctx -> ctx.value("picks", List.of())))
        .step(Step.function("verify", ctx -> ctx.value("v", 1)).sweep(Sweep.fromValues("choose", "picks")))
        .step(Step.function("summary", ctx -> ctx.value("verified", ctx.inputValues("checked").size()))
            .input("checked", Input.gatherValues("verify")))
        .build();
    try (var f = TestEngines.create(dir)) {
      RunOutcome out = f.engine().run(wf, "test", Map.of());
      assertEquals(RunState.SUCCEEDED, out.state(), out.failures().toString());
      assertEquals(List.of(Map.of("verified", 0)), f.store().values(out.runId(), "summary"));
    }
  }

  @Test
  void retryOnlyOnSelectedFailureKinds() {
    AtomicInteger calls = new AtomicInteger();
    Workflow wf = Workflow.builder("no-retry")
        .step(Step.function("once", ctx -> {
          calls.incrementAndGet();
          throw new IllegalStateException("deterministic failure");
        }).retry(RetryPolicy.attempts(5).retryingOn(EnumSet.of(FailureKind.NODE_FAIL))))
        .build();
    try (var f = TestEngines.create(dir)) {
      assertEquals(RunState.FAILED, f.engine().run(wf, "test", Map.of()).state());
      assertEquals(1, calls.get(), "an exit failure is not in retryOn");
    }
  }
}
