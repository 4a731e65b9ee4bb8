package io.kakehashi.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kakehashi.event.Event;
import io.kakehashi.event.EventListener;
import io.kakehashi.event.OutputFile;
import io.kakehashi.event.RunState;
import io.kakehashi.plan.PlannedPoint;
import io.kakehashi.plan.PointKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The durable record of runs: an embedded SQLite file in WAL mode. It consumes the engine's event
 * stream, one transaction per batch of events, so the store is never the bottleneck and a batch is
 * durable before any other listener hears of it. Completed results are keyed by fingerprint: that
 * table is the cache that {@code resume} and re-runs draw on.
 */
public final class RunStore implements EventListener, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SCHEMA_VERSION = 1;
  /** The executor name of in-process function points ({@code InProcessExecutor}), whose first attempt is never announced. */
  private static final String IN_PROCESS = "in-process";

  private final Path file;
  private final Connection db;
  private final Checkpointer checkpointer;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  // Points of a step share one Resources value; formatting it once per step, not per attempt.
  private final Map<io.kakehashi.workflow.Resources, String> resourcesText = new java.util.IdentityHashMap<>();

  private RunStore(Path file, Connection db, Checkpointer checkpointer) {
    this.file = file;
    this.db = db;
    this.checkpointer = checkpointer;
  }

  /**
   * Opens (creating if needed) the store at {@code file}.
   *
   * @throws StoreException naming the file when it is unwritable, not a SQLite database, or damaged
   */
  public static RunStore open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
    } catch (java.io.IOException e) {
      throw new StoreException("cannot create the directory of run store " + file + ": " + e, e);
    }
    Connection c = null;
    try {
      // Generated keys are never read here; fetching them costs a query after every insert.
      java.util.Properties props = new java.util.Properties();
      props.setProperty("jdbc.get_generated_keys", "false");
      c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), props);
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout=10000");
        s.execute("PRAGMA journal_mode=WAL");
        // NORMAL in WAL mode: a committed transaction survives the process being killed; only an
        // OS crash or power loss may take back the last transactions.
        s.execute("PRAGMA synchronous=NORMAL");
        s.execute("PRAGMA cache_size=-65536"); // 64 MiB of pages: big sweeps insert into large indexes
        // Checkpoints run on the Checkpointer's thread; this writer checkpoints only past 64 MiB of
        // log (4 KiB pages), should that thread fall behind.
        s.execute("PRAGMA wal_autocheckpoint=16384");
        createSchema(s);
      }
      c.setAutoCommit(false);
      return new RunStore(file, c, new Checkpointer(file));
    } catch (SQLException e) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // already failing
        }
      }
      throw new StoreException("run store " + file + " cannot be used: " + e.getMessage()
          + ". If the file is damaged, move it aside and start again: completed outputs stay in the"
          + " work directory, but runs recorded in this file are no longer known.", e);
    }
  }

  private static void createSchema(Statement s) throws SQLException {
    s.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)");
    s.execute("INSERT OR IGNORE INTO meta VALUES('schema', '" + SCHEMA_VERSION + "')");
    s.execute("CREATE TABLE IF NOT EXISTS runs(run_id TEXT PRIMARY KEY, workflow TEXT NOT NULL,"
        + " source TEXT, parameters TEXT, state TEXT NOT NULL, created_at INTEGER, updated_at INTEGER,"
        + " statistics TEXT, dag TEXT)");
    s.execute("CREATE TABLE IF NOT EXISTS steps(run_id TEXT, step TEXT, points INTEGER, planned_at INTEGER,"
        + " PRIMARY KEY(run_id, step))");
    s.execute("CREATE TABLE IF NOT EXISTS points(run_id TEXT, step TEXT, idx INTEGER, fingerprint TEXT,"
        + " params TEXT, parts TEXT, state TEXT, attempts INTEGER DEFAULT 0, work_dir TEXT, executor TEXT,"
        + " external_id TEXT, message TEXT, reason TEXT, submitted_at INTEGER, started_at INTEGER,"
        + " ended_at INTEGER, PRIMARY KEY(run_id, step, idx))");
    s.execute("CREATE INDEX IF NOT EXISTS points_by_step ON points(step, idx)");
    s.execute("CREATE TABLE IF NOT EXISTS attempts(run_id TEXT, step TEXT, idx INTEGER, attempt INTEGER,"
        + " executor TEXT, external_id TEXT, state TEXT, failure TEXT, exit_code INTEGER, message TEXT,"
        + " resources TEXT, submitted_at INTEGER, started_at INTEGER, ended_at INTEGER,"
        + " PRIMARY KEY(run_id, step, idx, attempt))");
    s.execute("CREATE TABLE IF NOT EXISTS results(fingerprint TEXT PRIMARY KEY, run_id TEXT, step TEXT,"
        + " idx INTEGER, work_dir TEXT, outputs TEXT, vals TEXT, completed_at INTEGER)");
    s.execute("CREATE INDEX IF NOT EXISTS results_by_step ON results(step)");
    // Stores written by earlier versions lack later columns: add them, keeping every recorded run.
    addColumnIfMissing(s, "runs", "dag");
    // The fingerprint parts that all points of a step share (their own rows keep the rest);
    // null in earlier stores, whose point rows hold all their parts.
    addColumnIfMissing(s, "steps", "parts");
    s.execute("CREATE TABLE IF NOT EXISTS events(run_id TEXT, time INTEGER, type TEXT, step TEXT, idx INTEGER,"
        + " attempt INTEGER, detail TEXT)");
    s.execute("CREATE INDEX IF NOT EXISTS events_by_run ON events(run_id)");
  }

  private static void addColumnIfMissing(Statement s, String table, String column) throws SQLException {
    try (ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (rs.next()) {
        if (rs.getString("name").equals(column)) return;
      }
    }
    s.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " TEXT");
  }

  public Path file() {
    return file;
  }

  private volatile byte[] fingerprintKey;

  /** This store's key for fingerprints of secret ingredients ({@link FingerprintKey}), made on first use. */
  public byte[] fingerprintKey() {
    byte[] k = fingerprintKey;
    if (k == null) {
      k = FingerprintKey.loadOrCreate(file.toAbsolutePath().resolveSibling(FingerprintKey.FILE));
      fingerprintKey = k;
    }
    return k.clone();
  }

  /** A fresh run id: sortable by time, unique enough for one store. */
  public static String newRunId() {
    String t = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return t + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
  }

  /** Records a new run before anything of it happens. */
  public void createRun(String runId, String workflow, String source, Map<String, String> parameters) {
    long now = System.currentTimeMillis();
    write("createRun " + runId, () -> {
      PreparedStatement ps = st("INSERT INTO runs(run_id, workflow, source, parameters, state, created_at, updated_at)"
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

  private record Attempt(PointKey point, int attempt) {}

  /** Makes a batch of events durable, in one transaction. */
  @Override
  public void onEvents(List<Event> events) {
    // Attempts that also end within this batch: their intermediate point-row updates are
    // overwritten by the end anyway, so skip them (the attempt rows keep the full history).
    java.util.Set<Attempt> endingHere = new java.util.HashSet<>();
    for (Event e : events) {
      if (e instanceof Event.PointSucceeded s) endingHere.add(new Attempt(s.point(), s.attempt()));
      else if (e instanceof Event.PointFailed f) endingHere.add(new Attempt(f.point(), f.attempt()));
    }
    write("record " + events.size() + " events", () -> {
      for (Event e : events) record(e, endingHere);
    });
  }

  private void record(Event e, java.util.Set<Attempt> endingHere) throws SQLException {
    long t = e.time().toEpochMilli();
    if (e instanceof Event.RunStarted r) {
      PreparedStatement ps = st("UPDATE runs SET state=?, updated_at=?, dag=? WHERE run_id=?");
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
      PreparedStatement ps = st("UPDATE points SET state='CACHED', reason=?, ended_at=?,"
          + " work_dir=(SELECT work_dir FROM results WHERE fingerprint=?) WHERE run_id=? AND step=? AND idx=?"
          + " AND state NOT IN ('SUCCEEDED', 'CACHED')");
      ps.setString(1, "cached from run " + c.fromRun());
      ps.setLong(2, t);
      ps.setString(3, c.fingerprint());
      keyAt(ps, 4, c.runId(), c.point());
      ps.executeUpdate();
    } else if (e instanceof Event.PointSubmitted s) {
      PreparedStatement a = st("INSERT OR REPLACE INTO attempts(run_id, step, idx, attempt, executor, state,"
          + " resources, submitted_at) VALUES(?,?,?,?,?,'SUBMITTED',?,?)");
      keyAt(a, 1, s.runId(), s.point());
      a.setInt(4, s.attempt());
      a.setString(5, s.executor());
      a.setString(6, resourcesText.computeIfAbsent(s.resources(), Object::toString));
      a.setLong(7, t);
      a.executeUpdate();
      if (endingHere.contains(new Attempt(s.point(), s.attempt()))) {
        PreparedStatement p = st("UPDATE points SET attempts=?, executor=?, submitted_at=? WHERE run_id=? AND step=? AND idx=?");
        p.setInt(1, s.attempt());
        p.setString(2, s.executor());
        p.setLong(3, t);
        keyAt(p, 4, s.runId(), s.point());
        p.executeUpdate();
        return;
      }
      PreparedStatement p = st("UPDATE points SET state='SUBMITTED', attempts=?, executor=?, external_id=NULL,"
          + " submitted_at=? WHERE run_id=? AND step=? AND idx=?");
      p.setInt(1, s.attempt());
      p.setString(2, s.executor());
      p.setLong(3, t);
      keyAt(p, 4, s.runId(), s.point());
      p.executeUpdate();
    } else if (e instanceof Event.PointExternalId x) {
      PreparedStatement a = st("UPDATE attempts SET external_id=? WHERE run_id=? AND step=? AND idx=? AND attempt=?");
      a.setString(1, x.externalId());
      keyAt(a, 2, x.runId(), x.point());
      a.setInt(5, x.attempt());
      a.executeUpdate();
      PreparedStatement p = st("UPDATE points SET external_id=? WHERE run_id=? AND step=? AND idx=?");
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
      PreparedStatement p = st("UPDATE points SET state=?, message=?, ended_at=? WHERE run_id=? AND step=? AND idx=?");
      p.setString(1, f.willRetry() ? "RETRYING" : "FAILED");
      p.setString(2, kind + ": " + f.result().message());
      p.setLong(3, t);
      keyAt(p, 4, f.runId(), f.point());
      p.executeUpdate();
      event(e, f.point().step(), f.point().index(), f.attempt(), kind + ": " + f.result().message());
    } else if (e instanceof Event.PointSkipped s) {
      PreparedStatement p = st("UPDATE points SET state='SKIPPED', message=? WHERE run_id=? AND step=? AND idx=?");
      p.setString(1, s.reason());
      keyAt(p, 2, s.runId(), s.point());
      p.executeUpdate();
    } else if (e instanceof Event.RunNote n) {
      event(e, null, -1, 0, n.key() + ": " + n.message());
    } else if (e instanceof Event.RunFinished f) {
      PreparedStatement ps = st("UPDATE runs SET state=?, updated_at=?, statistics=? WHERE run_id=?");
      ps.setString(1, f.state().name());
      ps.setLong(2, t);
      ps.setString(3, json(f.statistics()));
      ps.setString(4, f.runId());
      ps.executeUpdate();
      event(e, null, -1, 0, f.state().name());
    }
    // PointProgress is for live displays only.
  }

  // The events every point brings, each in a method of its own: small enough to compile early.

  private void recordPlan(Event.StepPlanned p, long t) throws SQLException {
    Map<String, String> shared = sharedParts(p.points());
    keepPartsOfDroppedPoints(p.runId(), p.step(), p.points().size());
    PreparedStatement step = st("INSERT OR REPLACE INTO steps(run_id, step, points, planned_at, parts) VALUES(?,?,?,?,?)");
    step.setString(1, p.runId());
    step.setString(2, p.step());
    step.setInt(3, p.points().size());
    step.setLong(4, t);
    step.setString(5, json(shared));
    step.executeUpdate();
    PreparedStatement ps = st("INSERT INTO points(run_id, step, idx, fingerprint, params, parts, state, reason)"
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

  private void recordStart(Event.PointStarted s, long t, java.util.Set<Attempt> endingHere) throws SQLException {
    if (endingHere.contains(new Attempt(s.point(), s.attempt()))) return; // the end records the start time
    PreparedStatement a = st("UPDATE attempts SET state='RUNNING', started_at=? WHERE run_id=? AND step=? AND idx=? AND attempt=?");
    a.setLong(1, t);
    keyAt(a, 2, s.runId(), s.point());
    a.setInt(5, s.attempt());
    a.executeUpdate();
    PreparedStatement p = st("UPDATE points SET state='RUNNING', started_at=? WHERE run_id=? AND step=? AND idx=?");
    p.setLong(1, t);
    keyAt(p, 2, s.runId(), s.point());
    p.executeUpdate();
  }

  private void recordSuccess(Event.PointSucceeded s, long t) throws SQLException {
    PreparedStatement r = st("INSERT OR REPLACE INTO results VALUES(?,?,?,?,?,?,?,?)");
    r.setString(1, s.fingerprint());
    r.setString(2, s.runId());
    r.setString(3, s.point().step());
    r.setInt(4, s.point().index());
    r.setString(5, s.workDir());
    r.setString(6, json(s.outputs()));
    r.setString(7, json(s.values()));
    r.setLong(8, t);
    r.executeUpdate();
    // An in-process point's first attempt is never announced and, when it succeeds, its point row
    // says all there is to say: no attempt row (a quarter of the rows an in-process point writes).
    // attempts() reads it back from the point row.
    if (s.attempt() != 1 || !IN_PROCESS.equals(s.executor())) {
      endAttempt(s.runId(), s.point(), s.attempt(), s.executor(), "SUCCEEDED", null, s.result().exitCode(), "",
          s.result(), t);
    }
    PreparedStatement p = st("UPDATE points SET state='SUCCEEDED', work_dir=?, message='', started_at=?,"
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
    PreparedStatement q = st("SELECT p.idx, p.parts, s.parts FROM points p JOIN steps s ON s.run_id=p.run_id"
        + " AND s.step=p.step WHERE p.run_id=? AND p.step=? AND p.idx>=? AND s.parts IS NOT NULL");
    q.setString(1, runId);
    q.setString(2, step);
    q.setInt(3, count);
    Map<Integer, String> full = new HashMap<>();
    try (ResultSet rs = q.executeQuery()) {
      while (rs.next()) full.put(rs.getInt(1), json(parts(rs.getString(2), rs.getString(3), new HashMap<>())));
    }
    PreparedStatement u = st("UPDATE points SET parts=? WHERE run_id=? AND step=? AND idx=?");
    for (Map.Entry<Integer, String> e : full.entrySet()) {
      u.setString(1, e.getValue());
      u.setString(2, runId);
      u.setString(3, step);
      u.setInt(4, e.getKey());
      u.executeUpdate();
    }
  }

  /** A point's parts as read back: its step's shared parts (null in stores older than them) and its own. */
  private static Map<String, String> parts(String own, String shared, Map<String, Map<String, String>> sharedCache) {
    Map<String, String> mine = parse(own, PARTS);
    if (shared == null) return mine;
    Map<String, String> out = new TreeMap<>(sharedCache.computeIfAbsent(shared, x -> parse(x, PARTS)));
    if (mine != null) out.putAll(mine);
    return out;
  }

  private static final TypeReference<Map<String, String>> PARTS = new TypeReference<>() {};

  /** Ends an attempt's row, creating it for attempts that were never announced (in-process ones). */
  private void endAttempt(String runId, PointKey key, int attempt, String executor, String state, String failure,
                          int exitCode, String message, io.kakehashi.executor.TaskResult result, long ended)
      throws SQLException {
    PreparedStatement a = st("INSERT INTO attempts(run_id, step, idx, attempt, executor, external_id, state, failure,"
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
    PreparedStatement ps = st("INSERT INTO events VALUES(?,?,?,?,?,?,?)");
    ps.setString(1, e.runId());
    ps.setLong(2, e.time().toEpochMilli());
    ps.setString(3, e.getClass().getSimpleName());
    ps.setString(4, step);
    if (idx < 0) ps.setNull(5, Types.INTEGER); else ps.setInt(5, idx);
    ps.setInt(6, attempt);
    ps.setString(7, detail);
    ps.executeUpdate();
  }

  // ---- queries ----

  /** The completed result for a fingerprint, if any. */
  public Optional<CachedResult> completed(String fingerprint) {
    return read("look up result " + fingerprint, () -> {
      PreparedStatement ps = st("SELECT run_id, work_dir, outputs, vals FROM results WHERE fingerprint=?");
      ps.setString(1, fingerprint);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        return Optional.of(new CachedResult(fingerprint, rs.getString(1), rs.getString(2),
            parse(rs.getString(3), new TypeReference<List<OutputFile>>() {}),
            parse(rs.getString(4), new TypeReference<Map<String, Object>>() {})));
      }
    });
  }

  /**
   * The completed results among {@code fingerprints} of points of {@code step}: one query per
   * point for small steps, one query for the whole step for large sweeps.
   */
  public Map<String, CachedResult> completedAmong(String step, java.util.Collection<String> fingerprints) {
    Map<String, CachedResult> out = new HashMap<>();
    if (fingerprints.size() < 64) {
      for (String fp : fingerprints) completed(fp).ifPresent(r -> out.put(fp, r));
      return out;
    }
    java.util.Set<String> wanted = new java.util.HashSet<>(fingerprints);
    return read("look up results of " + step, () -> {
      PreparedStatement ps = st("SELECT fingerprint, run_id, work_dir, outputs, vals FROM results WHERE step=?");
      ps.setString(1, step);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String fp = rs.getString(1);
          if (!wanted.contains(fp)) continue;
          out.put(fp, new CachedResult(fp, rs.getString(2), rs.getString(3),
              parse(rs.getString(4), new TypeReference<List<OutputFile>>() {}),
              parse(rs.getString(5), new TypeReference<Map<String, Object>>() {})));
        }
      }
      return out;
    });
  }

  public List<RunSummary> runs() {
    return read("list runs", () -> {
      List<RunSummary> out = new ArrayList<>();
      try (ResultSet rs = st("SELECT run_id FROM runs ORDER BY created_at DESC").executeQuery()) {
        List<String> ids = new ArrayList<>();
        while (rs.next()) ids.add(rs.getString(1));
        for (String id : ids) run(id).ifPresent(out::add);
      }
      return out;
    });
  }

  public Optional<RunSummary> run(String runId) {
    return read("read run " + runId, () -> {
      PreparedStatement ps = st("SELECT workflow, source, parameters, state, created_at, updated_at, statistics"
          + " FROM runs WHERE run_id=?");
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        Map<String, Long> stats = rs.getString(7) == null ? Map.of()
            : parse(rs.getString(7), new TypeReference<Map<String, Long>>() {});
        return Optional.of(new RunSummary(runId, rs.getString(1), rs.getString(2),
            parse(rs.getString(3), new TypeReference<Map<String, String>>() {}),
            RunState.valueOf(rs.getString(4)), Instant.ofEpochMilli(rs.getLong(5)),
            Instant.ofEpochMilli(rs.getLong(6)), stats));
      }
    });
  }

  /**
   * The runs a user may mean by {@code prefix}, newest first: the run of that exact id alone, or
   * every run whose id starts with it. More than one is for the caller to report as ambiguous,
   * never to pick from.
   */
  public List<RunSummary> matchingRuns(String prefix) {
    Optional<RunSummary> exact = run(prefix);
    if (exact.isPresent()) return List.of(exact.get());
    return runs().stream().filter(r -> r.runId().startsWith(prefix)).toList();
  }

  public List<PointRecord> points(String runId) {
    return read("read points of " + runId, () -> {
      PreparedStatement ps = st("SELECT p.step, p.idx, p.fingerprint, p.params, p.parts, p.state, p.attempts,"
          + " p.work_dir, p.executor, p.external_id, p.message, p.reason, p.submitted_at, p.started_at, p.ended_at,"
          + " s.parts FROM points p LEFT JOIN steps s ON s.run_id=p.run_id AND s.step=p.step WHERE p.run_id=?"
          + " ORDER BY p.rowid");
      ps.setString(1, runId);
      List<PointRecord> out = new ArrayList<>();
      Map<String, Map<String, String>> shared = new HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new PointRecord(new PointKey(rs.getString(1), rs.getInt(2)), rs.getString(3),
              parse(rs.getString(4), new TypeReference<Map<String, Object>>() {}),
              parts(rs.getString(5), rs.getString(16), shared),
              rs.getString(6), rs.getInt(7), rs.getString(8), rs.getString(9), rs.getString(10),
              rs.getString(11), rs.getString(12), instant(rs, 13), instant(rs, 14), instant(rs, 15)));
        }
      }
      return out;
    });
  }

  public List<AttemptRecord> attempts(String runId) {
    return read("read attempts of " + runId, () -> {
      PreparedStatement ps = st("SELECT step, idx, attempt, executor, external_id, state, failure, exit_code,"
          + " message, resources, submitted_at, started_at, ended_at FROM attempts WHERE run_id=?"
          + " UNION ALL SELECT step, idx, 1, executor, external_id, state, NULL, 0, message, NULL, submitted_at,"
          + " started_at, ended_at FROM points p WHERE run_id=? AND state='SUCCEEDED' AND attempts=1 AND executor=?"
          + " AND NOT EXISTS(SELECT 1 FROM attempts a WHERE a.run_id=p.run_id AND a.step=p.step AND a.idx=p.idx"
          + " AND a.attempt=1) ORDER BY 1, 2, 3");
      ps.setString(1, runId);
      ps.setString(2, runId);
      ps.setString(3, IN_PROCESS);
      List<AttemptRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new AttemptRecord(new PointKey(rs.getString(1), rs.getInt(2)), rs.getInt(3), rs.getString(4),
              rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9),
              rs.getString(10), instant(rs, 11), instant(rs, 12), instant(rs, 13)));
        }
      }
      return out;
    });
  }

  /**
   * The fingerprint parts of the latest earlier successful point of {@code step} at {@code index}
   * in any other run, or of the latest point at all, for telling why a point runs again.
   */
  public Map<PointKey, Map<String, String>> previousParts(String runId, String step) {
    return read("read previous points of " + step, () -> {
      PreparedStatement ps = st("SELECT p.idx, p.parts, s.parts FROM points p JOIN runs r ON r.run_id=p.run_id"
          + " LEFT JOIN steps s ON s.run_id=p.run_id AND s.step=p.step"
          + " WHERE p.step=? AND p.run_id<>? AND p.state IN ('SUCCEEDED','CACHED') ORDER BY r.created_at");
      ps.setString(1, step);
      ps.setString(2, runId);
      Map<PointKey, Map<String, String>> out = new HashMap<>();
      Map<String, Map<String, String>> shared = new HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(new PointKey(step, rs.getInt(1)), parts(rs.getString(2), rs.getString(3), shared));
        }
      }
      return out;
    });
  }

  public record EventRecord(Instant time, String type, String step, Integer index, int attempt, String detail) {}

  public List<EventRecord> events(String runId) {
    return read("read events of " + runId, () -> {
      PreparedStatement ps = st("SELECT time, type, step, idx, attempt, detail FROM events WHERE run_id=? ORDER BY rowid");
      ps.setString(1, runId);
      List<EventRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int idx = rs.getInt(4);
          Integer index = rs.wasNull() ? null : idx;
          out.add(new EventRecord(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3), index,
              rs.getInt(5), rs.getString(6)));
        }
      }
      return out;
    });
  }

  /** Values recorded by the run's completed points of one step, in point order. */
  public List<Map<String, Object>> values(String runId, String step) {
    return read("read values of " + step, () -> {
      PreparedStatement ps = st("SELECT r.vals FROM points p JOIN results r ON r.fingerprint=p.fingerprint"
          + " WHERE p.run_id=? AND p.step=? ORDER BY p.idx");
      ps.setString(1, runId);
      ps.setString(2, step);
      List<Map<String, Object>> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(parse(rs.getString(1), new TypeReference<Map<String, Object>>() {}));
      }
      return out;
    });
  }

  /** Each step's upstream steps as the run's last start recorded them, in topological order. */
  public Map<String, List<String>> dag(String runId) {
    return read("read the DAG of " + runId, () -> {
      PreparedStatement ps = st("SELECT dag FROM runs WHERE run_id=?");
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getString(1) == null) return Map.of();
        return parse(rs.getString(1), new TypeReference<LinkedHashMap<String, List<String>>>() {});
      }
    });
  }

  @Override
  public void close() {
    try {
      checkpointer.close();
      for (PreparedStatement ps : statements.values()) ps.close();
      db.close();
    } catch (SQLException e) {
      throw new StoreException("closing run store " + file + ": " + e.getMessage(), e);
    }
  }

  // ---- plumbing ----

  @FunctionalInterface
  private interface SqlWork {
    void run() throws SQLException;
  }

  @FunctionalInterface
  private interface SqlQuery<T> {
    T run() throws SQLException;
  }

  private synchronized void write(String what, SqlWork work) {
    try {
      work.run();
      db.commit();
      checkpointer.request();
    } catch (SQLException | RuntimeException e) {
      try {
        db.rollback();
      } catch (SQLException ignored) {
        // the original failure is what matters
      }
      throw new StoreException("run store " + file + ": could not " + what + ": " + e.getMessage(), e);
    }
  }

  private synchronized <T> T read(String what, SqlQuery<T> query) {
    try {
      T t = query.run();
      db.commit(); // ends the read transaction so the WAL can be checkpointed
      return t;
    } catch (SQLException e) {
      throw new StoreException("run store " + file + ": could not " + what + ": " + e.getMessage(), e);
    }
  }

  private PreparedStatement st(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = db.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  private static void keyAt(PreparedStatement ps, int at, String runId, PointKey key) throws SQLException {
    ps.setString(at, runId);
    ps.setString(at + 1, key.step());
    ps.setInt(at + 2, key.index());
  }

  private static void setInstant(PreparedStatement ps, int at, Instant i) throws SQLException {
    if (i == null) ps.setNull(at, Types.INTEGER); else ps.setLong(at, i.toEpochMilli());
  }

  private static Instant instant(ResultSet rs, int col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  static String json(Object o) {
    // Most points have no outputs and no values: no serializer for those.
    if (o instanceof Map<?, ?> m && m.isEmpty()) return "{}";
    if (o instanceof java.util.Collection<?> c && c.isEmpty()) return "[]";
    if (o instanceof Map<?, ?> m) {
      String flat = flatJson(m);
      if (flat != null) return flat;
    }
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value cannot be stored as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * A map of names to strings, whole numbers and booleans (every point's parameters and
   * fingerprint parts), written without a serializer: Jackson costs about a microsecond a call.
   * Null for anything else, which Jackson writes.
   */
  private static String flatJson(Map<?, ?> m) {
    StringBuilder sb = new StringBuilder(16 + 32 * m.size()).append('{');
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String k)) return null;
      if (sb.length() > 1) sb.append(',');
      quote(sb, k).append(':');
      Object v = e.getValue();
      if (v instanceof String str) quote(sb, str);
      else if (v instanceof Integer || v instanceof Long || v instanceof Boolean) sb.append(v);
      else return null;
    }
    return sb.append('}').toString();
  }

  private static StringBuilder quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') sb.append('\\').append(c);
      else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
      else sb.append(c);
    }
    return sb.append('"');
  }

  private static <T> T parse(String s, TypeReference<T> type) {
    if (s == null) return null;
    try {
      return JSON.readValue(s, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("damaged JSON in run store: " + e.getOriginalMessage(), e);
    }
  }

}
