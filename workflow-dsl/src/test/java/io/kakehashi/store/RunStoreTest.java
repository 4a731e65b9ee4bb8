package io.kakehashi.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kakehashi.event.Event;
import io.kakehashi.executor.TaskResult;
import io.kakehashi.plan.PlannedPoint;
import io.kakehashi.plan.PointKey;
import io.kakehashi.workflow.FailureKind;
import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.Resources;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {
  @TempDir Path dir;

  private static Map<String, String> parts(String action, int i) {
    return Map.of("action", action, "step", "s", "param:i", "d" + i);
  }

  private static List<PlannedPoint> plan(String action, int n) {
    List<PlannedPoint> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new PlannedPoint(new PointKey("s", i), new Params(Map.of("i", i)), action + "-fp" + i, parts(action, i),
          Map.of()));
    }
    return out;
  }

  private static void planned(RunStore store, String run, List<PlannedPoint> points) {
    store.onEvents(List.of(new Event.StepPlanned(run, Instant.now(), "s", points,
        Collections.nCopies(points.size(), "new point"))));
  }

  private static void succeeded(RunStore store, String run, List<PlannedPoint> points) {
    List<Event> events = new ArrayList<>();
    for (PlannedPoint p : points) {
      Instant now = Instant.now();
      events.add(new Event.PointSucceeded(run, now, p.key(), 1, "in-process", p.fingerprint(), null, List.of(),
          Map.of(), TaskResult.success(now, now, now, null), false));
    }
    store.onEvents(events);
  }

  /** Changes the store with plain SQL, as an earlier version of Kakehashi (or another writer) left it. */
  private static void rewrite(Path file, String... sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      for (String statement : sql) s.execute(statement);
    }
  }

  private static Map<Integer, Map<String, String>> partsOf(RunStore store, String run) {
    Map<Integer, Map<String, String>> out = new java.util.TreeMap<>();
    for (PointRecord p : store.points(run)) out.put(p.key().index(), p.parts());
    return out;
  }

  @Test
  void pointsReadBackAllTheirPartsThoughTheStepKeepsTheSharedOnes() {
    try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
      store.createRun("a", "wf", null, Map.of());
      List<PlannedPoint> points = plan("x", 3);
      planned(store, "a", points);
      succeeded(store, "a", points);
      assertEquals(Map.of(0, parts("x", 0), 1, parts("x", 1), 2, parts("x", 2)), partsOf(store, "a"));

      store.createRun("b", "wf", null, Map.of());
      Map<PointKey, Map<String, String>> previous = store.previousParts("b", "s");
      assertEquals(Map.of(new PointKey("s", 0), parts("x", 0), new PointKey("s", 1), parts("x", 1),
          new PointKey("s", 2), parts("x", 2)), previous);
    }
  }

  @Test
  void theLatestProgressOfARunningPointIsKeptForStatusUntilItEnds() {
    try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
      store.createRun("a", "wf", null, Map.of());
      List<PlannedPoint> points = plan("x", 2);
      planned(store, "a", points);
      PointKey screen = points.get(0).key();
      store.onEvents(List.of(new Event.PointStarted("a", Instant.now(), screen, 1),
          new Event.PointProgress("a", Instant.now(), screen, 0.25),
          new Event.PointProgress("a", Instant.now(), screen, 0.4),
          new Event.PointProgress("a", Instant.now(), points.get(1).key(), 0.9))); // not running: ignored
      assertEquals(Map.of(screen, 0.4), store.progress("a"));
      try (RunStore reader = RunStore.openForReading(dir.resolve("runs.db"))) {
        assertEquals(Map.of(screen, 0.4), reader.progress("a"), "another process sees it");
      }
      succeeded(store, "a", points.subList(0, 1));
      assertEquals(Map.of(), store.progress("a"), "a point that ended is not running");
    }
  }

  @Test
  void aStoreWrittenBeforeProgressWasKeptReadsWithoutIt() throws Exception {
    Path file = dir.resolve("runs.db");
    try (RunStore store = RunStore.open(file)) {
      store.createRun("old", "wf", null, Map.of());
    }
    rewrite(file, "ALTER TABLE points DROP COLUMN progress");
    try (RunStore reader = RunStore.openForReading(file)) {
      assertEquals(Map.of(), reader.progress("old"));
    }
    try (RunStore store = RunStore.open(file)) {
      planned(store, "old", plan("x", 1));
      store.onEvents(List.of(new Event.PointStarted("old", Instant.now(), new PointKey("s", 0), 1),
          new Event.PointProgress("old", Instant.now(), new PointKey("s", 0), 0.5)));
      assertEquals(Map.of(new PointKey("s", 0), 0.5), store.progress("old"), "opening for writing added the column");
    }
  }

  @Test
  void aStepPlannedAgainWithFewerPointsKeepsThePartsOfTheRest() {
    try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
      store.createRun("a", "wf", null, Map.of());
      planned(store, "a", plan("x", 3));
      planned(store, "a", plan("y", 2));
      assertEquals(Map.of(0, parts("y", 0), 1, parts("y", 1), 2, parts("x", 2)), partsOf(store, "a"));
    }
  }

  @Test
  void mapsWrittenWithoutTheSerializerReadBackUnchanged() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("plain", "x");
    m.put("quote\"and\\back", "tab\tnewline\n\u0001 bell\u0007, é ∑");
    m.put("int", 42);
    m.put("long", 1L << 40);
    m.put("bool", true);
    String json = StoreJson.json(m);
    assertEquals(m, mapper.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {}));
    Map<String, Object> other = new java.util.TreeMap<>(Map.of("d", 0.5, "list", List.of(1)));
    assertEquals(mapper.writeValueAsString(other), StoreJson.json(other)); // anything else: Jackson
  }

  @Test
  void aStoreWrittenBeforeStepsHeldSharedPartsStillReadsThem() throws Exception {
    Path file = dir.resolve("runs.db");
    try (RunStore store = RunStore.open(file)) {
      store.createRun("old", "wf", null, Map.of());
    }
    // The layout of earlier versions: no shared parts with the step, all parts with each point.
    rewrite(file, "ALTER TABLE steps DROP COLUMN parts",
        "INSERT INTO steps VALUES('old', 's', 1, 0)",
        "INSERT INTO points(run_id, step, idx, fingerprint, params, parts, state) VALUES('old', 's', 0,"
            + " 'fp0', '{\"i\":0}', '{\"action\":\"x\",\"param:i\":\"d0\",\"step\":\"s\"}', 'SUCCEEDED')");
    try (RunStore store = RunStore.open(file)) {
      assertEquals(Map.of(0, parts("x", 0)), partsOf(store, "old"));
      store.createRun("new", "wf", null, Map.of());
      assertEquals(Map.of(new PointKey("s", 0), parts("x", 0)), store.previousParts("new", "s"));
      planned(store, "new", plan("x", 2));
      assertEquals(Map.of(0, parts("x", 0), 1, parts("x", 1)), partsOf(store, "new"));
    }
  }

  @Test
  void aStoreWrittenByANewerVersionIsRefusedNamingTheFileAndBothVersions() throws Exception {
    Path file = dir.resolve("runs.db");
    try (RunStore store = RunStore.open(file)) {
      store.createRun("r", "wf", null, Map.of());
    }
    int newer = Schema.VERSION + 1;
    rewrite(file, "UPDATE meta SET value='" + newer + "' WHERE key='schema'");
    StoreException e = assertThrows(StoreException.class, () -> RunStore.open(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("schema version " + newer), e.getMessage());
    assertTrue(e.getMessage().contains("reads schema version " + Schema.VERSION + " and older"), e.getMessage());
    // Refusing leaves the store as it was: the version is not overwritten.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key='schema'")) {
      assertTrue(rs.next());
      assertEquals(String.valueOf(newer), rs.getString(1));
    }
  }

  @Test
  void attemptResourcesReadBackAsFieldsAlsoFromRowsOfEarlierVersions() throws Exception {
    Path file = dir.resolve("runs.db");
    List<PlannedPoint> points = plan("a", 2);
    Resources asked = Resources.cores(4).withMemoryMb(2048).withWalltime(Duration.ofMinutes(90)).with("partition", "debug");
    try (RunStore store = RunStore.open(file)) {
      store.createRun("r1", "wf", "test", Map.of());
      planned(store, "r1", points);
      store.onEvents(List.of(new Event.PointSubmitted("r1", Instant.now(), points.get(0).key(), 1, "slurm", asked)));
    }
    // Earlier versions wrote Resources.toString() into the column.
    rewrite(file, "INSERT INTO attempts(run_id, step, idx, attempt, executor, state, resources) VALUES('r1', 's', 1, 1,"
        + " 'local', 'SUBMITTED', '" + Resources.cores(3).withWalltime(Duration.ofSeconds(30)) + "')");
    try (RunStore store = RunStore.open(file)) {
      List<AttemptRecord> attempts = store.attempts("r1");
      assertEquals(asked, attempts.get(0).resources());
      assertEquals(Resources.cores(3).withWalltime(Duration.ofSeconds(30)), attempts.get(1).resources());
    }
  }

  @Test
  void attemptsReadBackTheSameWhetherOrNotTheyHaveARowOfTheirOwn() {
    try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
      store.createRun("r1", "wf", "test", Map.of());
      List<PlannedPoint> points = plan("a", 3);
      planned(store, "r1", points);
      Instant t0 = Instant.ofEpochMilli(1_000);
      Instant t1 = Instant.ofEpochMilli(2_000);
      Instant t2 = Instant.ofEpochMilli(3_000);
      // Point 0: in-process, first attempt succeeds (no attempt row of its own).
      // Point 1: an announced attempt on the local executor. Point 2: in-process, fails once, then succeeds.
      store.onEvents(List.of(
          new Event.PointSucceeded("r1", t2, points.get(0).key(), 1, "in-process", points.get(0).fingerprint(), null,
              List.of(), Map.of(), TaskResult.success(t0, t1, t2, null), false),
          new Event.PointSubmitted("r1", t0, points.get(1).key(), 1, "local", Resources.cores(1)),
          new Event.PointSucceeded("r1", t2, points.get(1).key(), 1, "local", points.get(1).fingerprint(), null,
              List.of(), Map.of(), TaskResult.success(t0, t1, t2, "pid 7"), true),
          new Event.PointFailed("r1", t1, points.get(2).key(), 1, "in-process",
              TaskResult.failure(FailureKind.EXIT_CODE, 1, "boom", t0, t0, t1, null), true),
          new Event.PointSucceeded("r1", t2, points.get(2).key(), 2, "in-process", points.get(2).fingerprint(), null,
              List.of(), Map.of(), TaskResult.success(t1, t1, t2, null), false)));

      List<AttemptRecord> attempts = store.attempts("r1");

      assertEquals(List.of("s/0#1 in-process SUCCEEDED", "s/1#1 local SUCCEEDED", "s/2#1 in-process FAILED",
          "s/2#2 in-process SUCCEEDED"), attempts.stream()
          .map(a -> a.key().step() + "/" + a.key().index() + "#" + a.attempt() + " " + a.executor() + " " + a.state())
          .toList());
      AttemptRecord first = attempts.get(0);
      assertEquals(t1, first.started());
      assertEquals(t2, first.ended());
    }
  }
}
