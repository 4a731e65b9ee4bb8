package io.kakehashi.store;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The store's tables and how a store written by an earlier version is brought up to them. Every
 * step is idempotent, so opening a store again, or two processes opening it at once, is safe. A
 * store written by a newer version is refused: this version would not know what its rows mean.
 */
final class Schema {
  /** The version this code writes; {@code meta.schema} holds the version of the code that created the store. */
  static final int VERSION = 1;

  private Schema() {}

  /**
   * Creates what is missing and adds columns earlier versions lacked.
   *
   * @throws StoreException naming the file and both versions when a newer version wrote it
   */
  static void createOrUpgrade(Statement s, Path file) throws SQLException {
    s.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)");
    checkVersion(s, file);
    s.execute("INSERT OR IGNORE INTO meta VALUES('schema', '" + VERSION + "')");
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
    // resources: JSON of the attempt's Resources (Resources.toString() in stores written before that).
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
    // The fraction a running point last reported (the screen's percent), for `status` in another
    // process; null in earlier stores and for points that report none.
    addColumnIfMissing(s, "points", "progress");
    s.execute("CREATE TABLE IF NOT EXISTS events(run_id TEXT, time INTEGER, type TEXT, step TEXT, idx INTEGER,"
        + " attempt INTEGER, detail TEXT)");
    s.execute("CREATE INDEX IF NOT EXISTS events_by_run ON events(run_id)");
  }

  /**
   * Checks that a store opened read-only can be read by this version: it must be a run store,
   * written by this version or an older one whose tables it reads (no upgrade can be written).
   */
  static void checkReadable(Statement s, Path file) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type='table' AND name='meta'")) {
      if (!rs.next()) throw new StoreException("run store " + file + " holds no runs (no Kakehashi tables)", null);
    }
    checkVersion(s, file);
  }

  private static void checkVersion(Statement s, Path file) throws SQLException {
    String found;
    try (ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key='schema'")) {
      if (!rs.next()) return; // a new store
      found = rs.getString(1);
    }
    int version;
    try {
      version = Integer.parseInt(found.trim());
    } catch (NumberFormatException | NullPointerException e) {
      throw new StoreException("run store " + file + " has schema version '" + found
          + "', which is not a version this Kakehashi (schema version " + VERSION + ") knows", e);
    }
    if (version > VERSION) {
      throw new StoreException("run store " + file + " was written by a newer Kakehashi (schema version " + version
          + "); this one reads schema version " + VERSION + " and older. Use the newer Kakehashi for this store,"
          + " or another --home for this one.", null);
    }
  }

  private static void addColumnIfMissing(Statement s, String table, String column) throws SQLException {
    if (!hasColumn(s, table, column)) s.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " TEXT");
  }

  /** Whether {@code table} has {@code column}: a store opened read-only keeps the columns its writer gave it. */
  static boolean hasColumn(Statement s, String table, String column) throws SQLException {
    try (ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (rs.next()) {
        if (rs.getString("name").equals(column)) return true;
      }
    }
    return false;
  }
}
