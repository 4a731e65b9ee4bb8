package io.kakehashi.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Copies committed pages from the write-ahead log into the database file, on a thread and a
 * connection of its own. A commit is durable once its pages are in the log (WAL with
 * synchronous=NORMAL survives the process being killed), so the thread that records a batch need
 * not wait for this copy and its two fsyncs. The writer keeps a high automatic-checkpoint limit as
 * a backstop, so the log stays bounded even if this thread falls behind.
 */
final class Checkpointer implements AutoCloseable {
  /** At most this often: one checkpoint after a burst of commits copies each page once. */
  private static final long MIN_INTERVAL_MS = 200;

  private final Connection db;
  private final Thread thread;
  private final Object lock = new Object();
  private boolean requested;
  private boolean closed;

  Checkpointer(Path file) throws SQLException {
    db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement s = db.createStatement()) {
      s.execute("PRAGMA busy_timeout=10000");
    } catch (SQLException e) {
      db.close();
      throw e;
    }
    thread = new Thread(this::loop, "kakehashi-checkpoint");
    thread.setDaemon(true);
    thread.start();
  }

  /** Something was committed: checkpoint soon. */
  void request() {
    synchronized (lock) {
      requested = true;
      lock.notifyAll();
    }
  }

  private void loop() {
    while (true) {
      synchronized (lock) {
        while (!requested && !closed) waitQuietly(0);
        if (closed) return;
        requested = false;
      }
      try (Statement s = db.createStatement()) {
        // PASSIVE: copies what it can without waiting for the writer or for readers.
        s.execute("PRAGMA wal_checkpoint(PASSIVE)");
      } catch (SQLException e) {
        // Nothing is lost: the pages stay in the log, and the writer's backstop checkpoints them.
      }
      synchronized (lock) {
        if (!closed) waitQuietly(MIN_INTERVAL_MS);
      }
    }
  }

  private void waitQuietly(long ms) {
    try {
      lock.wait(ms);
    } catch (InterruptedException e) {
      closed = true;
    }
  }

  /** Waits for a checkpoint under way, then closes the connection. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      db.close();
    } catch (SQLException e) {
      // the writer's connection closes last and checkpoints what is left
    }
  }
}
