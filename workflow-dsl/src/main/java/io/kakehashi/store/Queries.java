package io.kakehashi.store;

import static io.kakehashi.store.Db.instant;
import static io.kakehashi.store.StoreJson.PARTS;
import static io.kakehashi.store.StoreJson.VALUES;
import static io.kakehashi.store.StoreJson.parse;
import static io.kakehashi.store.StoreJson.parts;

import com.fasterxml.jackson.core.type.TypeReference;
import io.kakehashi.event.OutputFile;
import io.kakehashi.event.RunState;
import io.kakehashi.plan.PointKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The read side of the store: what the engine reuses and what the CLI and reports show. */
final class Queries {
  private final Db db;

  Queries(Db db) {
    this.db = db;
  }

  /** The completed result for a fingerprint, if any. */
  Optional<CachedResult> completed(String fingerprint) {
    return db.read("look up result " + fingerprint, () -> {
      PreparedStatement ps = db.st("SELECT run_id, work_dir, outputs, vals FROM results WHERE fingerprint=?");
      ps.setString(1, fingerprint);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        return Optional.of(new CachedResult(fingerprint, rs.getString(1), rs.getString(2),
            parse(rs.getString(3), new TypeReference<List<OutputFile>>() {}),
            parse(rs.getString(4), VALUES)));
      }
    });
  }

  /**
   * The completed results among {@code fingerprints} of points of {@code step}: one query per
   * point for small steps, one query for the whole step for large sweeps.
   */
  Map<String, CachedResult> completedAmong(String step, Collection<String> fingerprints) {
    Map<String, CachedResult> out = new HashMap<>();
    if (fingerprints.size() < 64) {
      for (String fp : fingerprints) completed(fp).ifPresent(r -> out.put(fp, r));
      return out;
    }
    Set<String> wanted = new HashSet<>(fingerprints);
    return db.read("look up results of " + step, () -> {
      PreparedStatement ps = db.st("SELECT fingerprint, run_id, work_dir, outputs, vals FROM results WHERE step=?");
      ps.setString(1, step);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String fp = rs.getString(1);
          if (!wanted.contains(fp)) continue;
          out.put(fp, new CachedResult(fp, rs.getString(2), rs.getString(3),
              parse(rs.getString(4), new TypeReference<List<OutputFile>>() {}),
              parse(rs.getString(5), VALUES)));
        }
      }
      return out;
    });
  }

  List<RunSummary> runs() {
    return db.read("list runs", () -> {
      List<RunSummary> out = new ArrayList<>();
      try (ResultSet rs = db.st("SELECT run_id FROM runs ORDER BY created_at DESC").executeQuery()) {
        List<String> ids = new ArrayList<>();
        while (rs.next()) ids.add(rs.getString(1));
        for (String id : ids) run(id).ifPresent(out::add);
      }
      return out;
    });
  }

  Optional<RunSummary> run(String runId) {
    return db.read("read run " + runId, () -> {
      PreparedStatement ps = db.st("SELECT workflow, source, parameters, state, created_at, updated_at, statistics"
          + " FROM runs WHERE run_id=?");
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        Map<String, Long> stats = rs.getString(7) == null ? Map.of()
            : parse(rs.getString(7), new TypeReference<Map<String, Long>>() {});
        return Optional.of(new RunSummary(runId, rs.getString(1), rs.getString(2),
            parse(rs.getString(3), PARTS),
            RunState.valueOf(rs.getString(4)), Instant.ofEpochMilli(rs.getLong(5)),
            Instant.ofEpochMilli(rs.getLong(6)), stats));
      }
    });
  }

  List<PointRecord> points(String runId) {
    return db.read("read points of " + runId, () -> {
      PreparedStatement ps = db.st("SELECT p.step, p.idx, p.fingerprint, p.params, p.parts, p.state, p.attempts,"
          + " p.work_dir, p.executor, p.external_id, p.message, p.reason, p.submitted_at, p.started_at, p.ended_at,"
          + " s.parts FROM points p LEFT JOIN steps s ON s.run_id=p.run_id AND s.step=p.step WHERE p.run_id=?"
          + " ORDER BY p.rowid");
      ps.setString(1, runId);
      List<PointRecord> out = new ArrayList<>();
      Map<String, Map<String, String>> shared = new HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new PointRecord(new PointKey(rs.getString(1), rs.getInt(2)), rs.getString(3),
              parse(rs.getString(4), VALUES),
              parts(rs.getString(5), rs.getString(16), shared),
              rs.getString(6), rs.getInt(7), rs.getString(8), rs.getString(9), rs.getString(10),
              rs.getString(11), rs.getString(12), instant(rs, 13), instant(rs, 14), instant(rs, 15)));
        }
      }
      return out;
    });
  }

  Map<PointKey, Double> progress(String runId) {
    return db.read("read progress of " + runId, () -> {
      if (!db.hasColumn("points", "progress")) return Map.of(); // written before progress was kept
      PreparedStatement ps = db.st("SELECT step, idx, progress FROM points WHERE run_id=? AND state='RUNNING'"
          + " AND progress IS NOT NULL ORDER BY rowid");
      ps.setString(1, runId);
      Map<PointKey, Double> out = new LinkedHashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.put(new PointKey(rs.getString(1), rs.getInt(2)), rs.getDouble(3));
      }
      return out;
    });
  }

  List<AttemptRecord> attempts(String runId) {
    return db.read("read attempts of " + runId, () -> {
      PreparedStatement ps = db.st("SELECT step, idx, attempt, executor, external_id, state, failure, exit_code,"
          + " message, resources, submitted_at, started_at, ended_at FROM attempts WHERE run_id=?"
          + " UNION ALL SELECT step, idx, 1, executor, external_id, state, NULL, 0, message, NULL, submitted_at,"
          + " started_at, ended_at FROM points p WHERE run_id=? AND state='SUCCEEDED' AND attempts=1"
          + " AND NOT EXISTS(SELECT 1 FROM attempts a WHERE a.run_id=p.run_id AND a.step=p.step AND a.idx=p.idx"
          + " AND a.attempt=1) ORDER BY 1, 2, 3");
      ps.setString(1, runId);
      ps.setString(2, runId);
      List<AttemptRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new AttemptRecord(new PointKey(rs.getString(1), rs.getInt(2)), rs.getInt(3), rs.getString(4),
              rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9),
              StoreJson.resources(rs.getString(10)), instant(rs, 11), instant(rs, 12), instant(rs, 13)));
        }
      }
      return out;
    });
  }

  /**
   * The fingerprint parts of the latest earlier successful point of {@code step} at {@code index}
   * in any other run, or of the latest point at all, for telling why a point runs again.
   */
  Map<PointKey, Map<String, String>> previousParts(String runId, String step) {
    return db.read("read previous points of " + step, () -> {
      PreparedStatement ps = db.st("SELECT p.idx, p.parts, s.parts FROM points p JOIN runs r ON r.run_id=p.run_id"
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

  List<EventRecord> events(String runId) {
    return db.read("read events of " + runId, () -> {
      PreparedStatement ps = db.st("SELECT time, type, step, idx, attempt, detail FROM events WHERE run_id=? ORDER BY rowid");
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
  List<Map<String, Object>> values(String runId, String step) {
    return db.read("read values of " + step, () -> {
      PreparedStatement ps = db.st("SELECT r.vals FROM points p JOIN results r ON r.fingerprint=p.fingerprint"
          + " WHERE p.run_id=? AND p.step=? ORDER BY p.idx");
      ps.setString(1, runId);
      ps.setString(2, step);
      List<Map<String, Object>> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(parse(rs.getString(1), VALUES));
      }
      return out;
    });
  }

  /** Each step's upstream steps as the run's last start recorded them, in topological order. */
  Map<String, List<String>> dag(String runId) {
    return db.read("read the DAG of " + runId, () -> {
      PreparedStatement ps = db.st("SELECT dag FROM runs WHERE run_id=?");
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getString(1) == null) return Map.of();
        return parse(rs.getString(1), new TypeReference<LinkedHashMap<String, List<String>>>() {});
      }
    });
  }
}
