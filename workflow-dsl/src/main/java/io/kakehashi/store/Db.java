package io.kakehashi.store;

import io.kakehashi.plan.PointKey;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The store's one connection, shared by the recorder and the queries: prepared statements kept
 * by their SQL, and transactions that name the store's file when they fail, saying whether it is
 * read-only or damaged ({@link StoreErrors}). One caller at a time.
 */
final class Db {
  private final Path file;
  private final Connection db;
  private final Checkpointer checkpointer;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  /** @param checkpointer null for a store opened read-only, which has no log of its own to copy */
  Db(Path file, Connection db, Checkpointer checkpointer) {
    this.file = file;
    this.db = db;
    this.checkpointer = checkpointer;
  }

  Path file() {
    return file;
  }

  @FunctionalInterface
  interface SqlWork {
    void run() throws SQLException;
  }

  @FunctionalInterface
  interface SqlQuery<T> {
    T run() throws SQLException;
  }

  synchronized void write(String what, SqlWork work) {
    try {
      work.run();
      db.commit();
      if (checkpointer != null) checkpointer.request();
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly();
      throw StoreErrors.of(file, what, e);
    }
  }

  synchronized <T> T read(String what, SqlQuery<T> query) {
    try {
      T t = query.run();
      db.commit(); // ends the read transaction so the WAL can be checkpointed
      return t;
    } catch (SQLException e) {
      rollbackQuietly();
      throw StoreErrors.of(file, what, e);
    } catch (RuntimeException e) {
      rollbackQuietly();
      throw e;
    }
  }

  /**
   * Ends a failed transaction, read or write, and forgets the prepared statements: an open
   * transaction, or a statement that failed mid-step (sqlite-jdbc then answers "statement is not
   * executing" to its next use), would fail the next caller too, such as the engine's last write
   * that records the run as failed after a damaged page. They are prepared again when next used.
   */
  private void rollbackQuietly() {
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // dropped either way
      }
    }
    statements.clear();
    try {
      db.rollback();
    } catch (SQLException ignored) {
      // the original failure is what matters
    }
  }

  /** The prepared statement for {@code sql}, prepared once. Callers hold the lock (inside write or read). */
  PreparedStatement st(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = db.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  /** Whether the store's {@code table} has {@code column}. Callers hold the lock (inside write or read). */
  boolean hasColumn(String table, String column) throws SQLException {
    try (Statement s = db.createStatement()) {
      return Schema.hasColumn(s, table, column);
    }
  }

  void close() {
    try {
      if (checkpointer != null) checkpointer.close();
      for (PreparedStatement ps : statements.values()) ps.close();
      db.close();
    } catch (SQLException e) {
      throw new StoreException("closing run store " + file + ": " + e.getMessage(), e);
    }
  }

  static void keyAt(PreparedStatement ps, int at, String runId, PointKey key) throws SQLException {
    ps.setString(at, runId);
    ps.setString(at + 1, key.step());
    ps.setInt(at + 2, key.index());
  }

  static void setInstant(PreparedStatement ps, int at, Instant i) throws SQLException {
    if (i == null) ps.setNull(at, Types.INTEGER); else ps.setLong(at, i.toEpochMilli());
  }

  static Instant instant(ResultSet rs, int col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }
}
