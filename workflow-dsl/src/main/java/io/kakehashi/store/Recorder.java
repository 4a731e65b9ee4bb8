package io.kakehashi.store;

import static io.kakehashi.store.Db.keyAt;
import static io.kakehashi.store.Db.setInstant;
import static io.kakehashi.store.StoreJson.json;
import static io.kakehashi.store.StoreJson.parts;

import io.kakehashi.event.Event;
import io.kakehashi.event.RunState;
import io.kakehashi.executor.TaskResult;
import io.kakehashi.plan.PlannedPoint;
import io.kakehashi.plan.PointKey;
import io.kakehashi.workflow.Resources;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The write side of the store: each event of the engine's stream becomes rows (runs, steps,
 * points, attempts, results, events), a batch in one transaction.
 */
final class Recorder {
  private final Db db;
  // Points of a step share one Resources value; formatting it once per step, not per attempt.
  private final Map<Resources, String> resourcesText = new IdentityHashMap<>();

  Recorder(Db db) {
    this.db = db;
  }

  /** Records a new run before anything of it happens. */
  void createRun(String runId, String workflow, String source, Map<String, String> parameters) {
    long now = System.currentTimeMillis();
    db.write("createRun " + runId, () -> {
      PreparedStatement ps = db.st("INSERT INTO runs(run_id, workflow, source, parameters, state, created_at, updated_at)"
          + " VALUES(?,?,?,?,?,?,?)");
      ps.setString(1, runId);
      ps.setString(2, workflow);
      ps.setString(3, source);
      ps.setString(4, json(parameters));
      ps.setString(5, RunState.RUNNING.name());
      ps.setLong(6, now);
      ps.setLong(7, now);
      ps.executeUpdate();
    });
  }

  /** Ends a run with one row's update and no event row (see {@link RunStore#endRun}). */
  void endRun(String runId, RunState state) {
    db.write("record the end of run " + runId, () -> {
      PreparedStatement ps = db.st("UPDATE runs SET state=?, updated_at=? WHERE run_id=?");
      ps.setString(1, state.name());
      ps.setLong(2, System.currentTimeMillis());
      ps.setString(3, runId);
      ps.executeUpdate();
    });
  }

  private record Attempt(PointKey point, int attempt) {}

  /** Makes a batch of events durable, in one transaction. */
  void onEvents(List<Event> events) {
    // Attempts that also end within this batch: their intermediate point-row updates are
    // overwritten by the end anyway, so skip them (the attempt rows keep the full history).
    Set<Attempt> endingHere = new HashSet<>();
    for (Event e : events) {
      if (e instanceof Event.PointSucceeded s) endingHere.add(new Attempt(s.point(), s.attempt()));
      else if (e instanceof Event.PointFailed f) endingHere.add(new Attempt(f.point(), f.attempt()));
    }
    db.write("record " + events.size() + " events", () -> {
      for (Event e : events) record(e, endingHere);
    });
  }

  private void record(Event e, Set<Attempt> endingHere) throws SQLException {
    long t = e.time().toEpochMilli();
    if (e instanceof Event.RunStarted r) {
      PreparedStatement ps = db.st("UPDATE runs SET state=?, updated_at=?, dag=? WHERE run_id=?");
      ps.setString(1, RunState.RUNNING.name());
      ps.setLong(2, t);
      ps.setString(3, json(r.dag()));
      ps.setString(4, r.runId());
      ps.executeUpdate();
      event(e, null, -1, 0, r.resumed() ? "resumed" : "started");
    } else if (e instanceof Event.StepPlanned p) {
      recordPlan(p, t);
    } else if (e instanceof Event.PointCached c) {
      // A point this run already completed (before a kill or cancel) keeps its row as it was:
      // SUCCEEDED with its own start and end times, which the report's timings are made of.
      PreparedStatement ps = db.st("UPDATE points SET state='CACHED', reason=?, ended_at=?,"
          + " work_dir=(SELECT work_dir FROM results WHERE fingerprint=?) WHERE run_id=? AND step=? AND idx=?"
          + " AND state NOT IN ('SUCCEEDED', 'CACHED')");
      ps.setString(1, "cached from run " + c.fromRun());
      ps.setLong(2, t);
      ps.setString(3, c.fingerprint());
      keyAt(ps, 4, c.runId(), c.point());
      ps.executeUpdate();
    } else if (e instanceof Event.PointSubmitted s) {
      PreparedStatement a = db.st("INSERT OR REPLACE INTO attempts(run_id, step, idx, attempt, executor, state,"
          + " resources, submitted_at) VALUES(?,?,?,?,?,'SUBMITTED',?,?)");
      keyAt(a, 1, s.runId(), s.point());
      a.setInt(4, s.attempt());
      a.setString(5, s.executor());
      a.setString(6, resourcesText.computeIfAbsent(s.resources(), StoreJson::resources));
      a.setLong(7, t);
      a.executeUpdate();
      if (endingHere.contains(new Attempt(s.point(), s.attempt()))) {
        PreparedStatement p = db.st("UPDATE points SET attempts=?, executor=?, submitted_at=? WHERE run_id=? AND step=? AND idx=?");
        p.setInt(1, s.attempt());
        p.setString(2, s.executor());
        p.setLong(3, t);
        keyAt(p, 4, s.runId(), s.point());
        p.executeUpdate();
        return;
      }
      PreparedStatement p = db.st("UPDATE points SET state='SUBMITTED', attempts=?, executor=?, external_id=NULL,"
          + " submitted_at=? WHERE run_id=? AND step=? AND idx=?");
      p.setInt(1, s.attempt());
      p.setString(2, s.executor());
      p.setLong(3, t);
      keyAt(p, 4, s.runId(), s.point());
      p.executeUpdate();
    } else if (e instanceof Event.PointExternalId x) {
      PreparedStatement a = db.st("UPDATE attempts SET external_id=? WHERE run_id=? AND step=? AND idx=? AND attempt=?");
      a.setString(1, x.externalId());
      keyAt(a, 2, x.runId(), x.point());
      a.setInt(5, x.attempt());
      a.executeUpdate();
      PreparedStatement p = db.st("UPDATE points SET external_id=? WHERE run_id=? AND step=? AND idx=?");
      p.setString(1, x.externalId());
      keyAt(p, 2, x.runId(), x.point());
      p.executeUpdate();
    } else if (e instanceof Event.PointStarted s) {
      recordStart(s, t, endingHere);
    } else if (e instanceof Event.PointSucceeded s) {
      recordSuccess(s, t);
    } else if (e instanceof Event.PointFailed f) {
      String kind = f.result().failure() == null ? null : f.result().failure().name();
      endAttempt(f.runId(), f.point(), f.attempt(), f.executor(), "FAILED", kind, f.result().exitCode(),
          f.result().message(), f.result(), t);
      PreparedStatement p = db.st("UPDATE points SET state=?, message=?, ended_at=? WHERE run_id=? AND step=? AND idx=?");
      p.setString(1, f.willRetry() ? "RETRYING" : "FAILED");
      p.setString(2, kind + ": " + f.result().message());
      p.setLong(3, t);
      keyAt(p, 4, f.runId(), f.point());
      p.executeUpdate();
      event(e, f.point().step(), f.point().index(), f.attempt(), kind + ": " + f.result().message());
    } else if (e instanceof Event.PointSkipped s) {
      PreparedStatement p = db.st("UPDATE points SET state='SKIPPED', message=? WHERE run_id=? AND step=? AND idx=?");
      p.setString(1, s.reason());
      keyAt(p, 2, s.runId(), s.point());
      p.executeUpdate();
    } else if (e instanceof Event.RunNote n) {
      event(e, null, -1, 0, n.key() + ": " + n.message());
    } else if (e instanceof Event.RunFinished f) {
      PreparedStatement ps = db.st("UPDATE runs SET state=?, updated_at=?, statistics=? WHERE run_id=?");
      ps.setString(1, f.state().name());
      ps.setLong(2, t);
      ps.setString(3, json(f.statistics()));
      ps.setString(4, f.runId());
      ps.executeUpdate();
      event(e, null, -1, 0, f.state().name());
    } else if (e instanceof Event.PointProgress g) {
      // Only the latest fraction, on the point's row (no event row): enough for `status` elsewhere.
      PreparedStatement p = db.st("UPDATE points SET progress=? WHERE run_id=? AND step=? AND idx=? AND state='RUNNING'");
      p.setDouble(1, g.fraction());
      keyAt(p, 2, g.runId(), g.point());
      p.executeUpdate();
    }
  }

  // The events every point brings, each in a method of its own: small enough to compile early.

  private void recordPlan(Event.StepPlanned p, long t) throws SQLException {
    Map<String, String> shared = sharedParts(p.points());
    keepPartsOfDroppedPoints(p.runId(), p.step(), p.points().size());
    PreparedStatement step = db.st("INSERT OR REPLACE INTO steps(run_id, step, points, planned_at, parts) VALUES(?,?,?,?,?)");
    step.setString(1, p.runId());
    step.setString(2, p.step());
    step.setInt(3, p.points().size());
    step.setLong(4, t);
    step.setString(5, json(shared));
    step.executeUpdate();
    PreparedStatement ps = db.st("INSERT INTO points(run_id, step, idx, fingerprint, params, parts, state, reason)"
        + " VALUES(?,?,?,?,?,?,'PLANNED',?) ON CONFLICT(run_id, step, idx) DO UPDATE SET"
        + " fingerprint=excluded.fingerprint, params=excluded.params, parts=excluded.parts,"
        + " reason=excluded.reason, state=CASE WHEN points.fingerprint=excluded.fingerprint"
        + " THEN points.state ELSE 'PLANNED' END");
    for (int i = 0; i < p.points().size(); i++) {
      PlannedPoint pp = p.points().get(i);
      ps.setString(1, p.runId());
      ps.setString(2, pp.key().step());
      ps.setInt(3, pp.key().index());
      ps.setString(4, pp.fingerprint());
      ps.setString(5, json(pp.params().values()));
      ps.setString(6, json(ownParts(pp.parts(), shared)));
      ps.setString(7, p.reasons().get(i));
      // One execution a row, not addBatch: sqlite-jdbc binds and steps each row either way, and a
      // statement that once held a large batch clears its whole batch array on every later batch.
      ps.executeUpdate();
    }
  }

  private void recordStart(Event.PointStarted s, long t, Set<Attempt> endingHere) throws SQLException {
    if (endingHere.contains(new Attempt(s.point(), s.attempt()))) return; // the end records the start time
    PreparedStatement a = db.st("UPDATE attempts SET state='RUNNING', started_at=? WHERE run_id=? AND step=? AND idx=? AND attempt=?");
    a.setLong(1, t);
    keyAt(a, 2, s.runId(), s.point());
    a.setInt(5, s.attempt());
    a.executeUpdate();
    PreparedStatement p = db.st("UPDATE points SET state='RUNNING', started_at=?, progress=NULL WHERE run_id=? AND step=? AND idx=?");
    p.setLong(1, t);
    keyAt(p, 2, s.runId(), s.point());
    p.executeUpdate();
  }

  private void recordSuccess(Event.PointSucceeded s, long t) throws SQLException {
    PreparedStatement r = db.st("INSERT OR REPLACE INTO results VALUES(?,?,?,?,?,?,?,?)");
    r.setString(1, s.fingerprint());
    r.setString(2, s.runId());
    r.setString(3, s.point().step());
    r.setInt(4, s.point().index());
    r.setString(5, s.workDir());
    r.setString(6, json(s.outputs()));
    r.setString(7, json(s.values()));
    r.setLong(8, t);
    r.executeUpdate();
    // An unannounced (in-process) point's first attempt, when it succeeds, needs no attempt row:
    // its point row says all there is to say (a quarter of the rows an in-process point writes).
    // Queries.attempts() reads it back from the point row.
    if (s.attempt() != 1 || s.announced()) {
      endAttempt(s.runId(), s.point(), s.attempt(), s.executor(), "SUCCEEDED", null, s.result().exitCode(), "",
          s.result(), t);
    }
    PreparedStatement p = db.st("UPDATE points SET state='SUCCEEDED', work_dir=?, message='', started_at=?,"
        + " ended_at=?, attempts=?, executor=?, submitted_at=COALESCE(submitted_at, ?) WHERE run_id=? AND step=? AND idx=?");
    p.setString(1, s.workDir());
    setInstant(p, 2, s.result().started());
    p.setLong(3, t);
    p.setInt(4, s.attempt());
    p.setString(5, s.executor());
    setInstant(p, 6, s.result().submitted());
    keyAt(p, 7, s.runId(), s.point());
    p.executeUpdate();
  }

  /**
   * The fingerprint parts that have the same value at every point of a step. They are stored
   * once, with the step; each point's row keeps only the rest (for a sweep, its parameters).
   */
  static Map<String, String> sharedParts(List<PlannedPoint> points) {
    if (points.isEmpty()) return Map.of();
    Map<String, String> shared = new TreeMap<>(points.get(0).parts());
    for (int i = 1; i < points.size() && !shared.isEmpty(); i++) {
      Map<String, String> parts = points.get(i).parts();
      shared.entrySet().removeIf(e -> !e.getValue().equals(parts.get(e.getKey())));
    }
    return shared;
  }

  /** What a point's row stores of its parts: those its step does not share by all points. */
  private static Map<String, String> ownParts(Map<String, String> parts, Map<String, String> shared) {
    if (shared.isEmpty()) return parts;
    if (shared.size() == parts.size()) return Map.of(); // shared is a subset of every point's parts
    Map<String, String> own = new TreeMap<>();
    for (Map.Entry<String, String> e : parts.entrySet()) {
      if (!shared.containsKey(e.getKey())) own.put(e.getKey(), e.getValue());
    }
    return own;
  }

  /**
   * A step planned again within its run (a resume of an edited workflow) may have fewer points:
   * the rows of the points beyond the new count stay, so give them back all their parts before the
   * step's shared parts are replaced.
   */
  private void keepPartsOfDroppedPoints(String runId, String step, int count) throws SQLException {
    PreparedStatement q = db.st("SELECT p.idx, p.parts, s.parts FROM points p JOIN steps s ON s.run_id=p.run_id"
        + " AND s.step=p.step WHERE p.run_id=? AND p.step=? AND p.idx>=? AND s.parts IS NOT NULL");
    q.setString(1, runId);
    q.setString(2, step);
    q.setInt(3, count);
    Map<Integer, String> full = new HashMap<>();
    try (ResultSet rs = q.executeQuery()) {
      while (rs.next()) full.put(rs.getInt(1), json(parts(rs.getString(2), rs.getString(3), new HashMap<>())));
    }
    PreparedStatement u = db.st("UPDATE points SET parts=? WHERE run_id=? AND step=? AND idx=?");
    for (Map.Entry<Integer, String> e : full.entrySet()) {
      u.setString(1, e.getValue());
      u.setString(2, runId);
      u.setString(3, step);
      u.setInt(4, e.getKey());
      u.executeUpdate();
    }
  }

  /** Ends an attempt's row, creating it for attempts that were never announced (in-process ones). */
  private void endAttempt(String runId, PointKey key, int attempt, String executor, String state, String failure,
                          int exitCode, String message, TaskResult result, long ended)
      throws SQLException {
    PreparedStatement a = db.st("INSERT INTO attempts(run_id, step, idx, attempt, executor, external_id, state, failure,"
        + " exit_code, message, submitted_at, started_at, ended_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)"
        + " ON CONFLICT(run_id, step, idx, attempt) DO UPDATE SET state=excluded.state, failure=excluded.failure,"
        + " exit_code=excluded.exit_code, message=excluded.message,"
        + " external_id=COALESCE(attempts.external_id, excluded.external_id),"
        + " started_at=COALESCE(excluded.started_at, attempts.started_at), ended_at=excluded.ended_at");
    keyAt(a, 1, runId, key);
    a.setInt(4, attempt);
    a.setString(5, executor);
    a.setString(6, result.externalId());
    a.setString(7, state);
    a.setString(8, failure);
    a.setInt(9, exitCode);
    a.setString(10, message);
    setInstant(a, 11, result.submitted());
    setInstant(a, 12, result.started());
    a.setLong(13, ended);
    a.executeUpdate();
  }

  private void event(Event e, String step, int idx, int attempt, String detail) throws SQLException {
    PreparedStatement ps = db.st("INSERT INTO events VALUES(?,?,?,?,?,?,?)");
    ps.setString(1, e.runId());
    ps.setLong(2, e.time().toEpochMilli());
    ps.setString(3, e.getClass().getSimpleName());
    ps.setString(4, step);
    if (idx < 0) ps.setNull(5, Types.INTEGER); else ps.setInt(5, idx);
    ps.setInt(6, attempt);
    ps.setString(7, detail);
    ps.executeUpdate();
  }
}
