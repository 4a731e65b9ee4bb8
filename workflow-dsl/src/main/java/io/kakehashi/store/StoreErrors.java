package io.kakehashi.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What a failed SQLite call on the run store means for the user, in one sentence naming the file.
 * A store that cannot be written (permissions, an immutable file, a read-only file system) and a
 * damaged one need opposite advice: moving a merely read-only store aside would throw away every
 * run it records, and making a damaged one writable would change nothing.
 */
final class StoreErrors {
  // SQLite's primary result codes (sqlite3.h); extended codes carry them in their low byte.
  private static final int SQLITE_PERM = 3;
  private static final int SQLITE_READONLY = 8;
  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_NOTADB = 26;

  private StoreErrors() {}

  /**
   * Why SQLite could not write {@code file}, asked of the file system before SQLite tries: the
   * file itself, or its directory when SQLite must create files there (the store, or the
   * {@code -wal} and {@code -shm} files WAL mode keeps beside it). Empty when all is writable.
   */
  static Optional<String> whyReadOnly(Path file) {
    Path f = file.toAbsolutePath();
    Path dir = f.getParent();
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Path p = Path.of(f + suffix);
      if (Files.exists(p)) {
        if (!Files.isWritable(p)) return Optional.of(p + " is not writable by this user");
      } else if (dir != null && Files.isDirectory(dir) && !Files.isWritable(dir)) {
        return Optional.of("its directory " + dir + " is not writable by this user, and SQLite must create "
            + p.getFileName() + " there");
      }
    }
    return Optional.empty();
  }

  static StoreException readOnly(Path file, String why, String doing, Throwable cause) {
    return new StoreException("run store " + file + " is read-only (" + why + "), so Kakehashi could not "
        + doing + "; make it writable or use another --home", cause);
  }

  /** {@code e}, thrown while trying to {@code doing} ("record 12 events"), as the user should read it. */
  static StoreException of(Path file, String doing, Exception e) {
    SQLException sql = sqlCause(e);
    int code = sql == null ? -1 : sql.getErrorCode() & 0xff;
    if (code == SQLITE_READONLY || code == SQLITE_PERM) {
      return readOnly(file, whyReadOnly(file).orElse("SQLite: " + sqliteMessage(sql)), doing, e);
    }
    if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
      return new StoreException("run store " + file + (code == SQLITE_NOTADB ? " is not a SQLite database or is damaged"
          : " is damaged") + " (SQLite: " + sqliteMessage(sql) + "), so Kakehashi could not " + doing
          + "; move it aside and start again: completed outputs stay in the work directory, but the runs"
          + " recorded in this file are no longer known", e);
    }
    return new StoreException("run store " + file + ": could not " + doing + ": " + e.getMessage(), e);
  }

  private static SQLException sqlCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException s) return s;
    }
    return null;
  }

  /**
   * SQLite's own words: sqlite-jdbc writes {@code [SQLITE_CORRUPT] The database disk image is
   * malformed (database disk image is malformed)}, the part in parentheses being sqlite3_errmsg.
   */
  private static String sqliteMessage(SQLException e) {
    String m = String.valueOf(e.getMessage()).strip();
    int open = m.lastIndexOf(" (");
    if (m.startsWith("[") && m.endsWith(")") && open > 0) return m.substring(open + 2, m.length() - 1);
    return m;
  }
}
