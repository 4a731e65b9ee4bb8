package io.kakehashi.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * A store that cannot be written is reported as read-only, with what to do about it; only a
 * damaged one is advised to be moved aside. Each case is the real thing: a file or directory this
 * process cannot write, SQLite's own read-only error, a file whose pages were overwritten.
 */
class StoreErrorsTest {
  private static final String MOVE_ASIDE = "move it aside";
  @TempDir Path dir;

  private Path storeWithARun() {
    Path file = dir.resolve("home").resolve("runs.db");
    try (RunStore store = RunStore.open(file)) {
      store.createRun("r1", "wf", null, Map.of());
    }
    return file;
  }

  @Test
  void aStoreFileThatCannotBeWrittenIsReadOnlyNotDamaged() throws Exception {
    Path file = storeWithARun();
    Optional<ReadOnly> ro = ReadOnly.make(file);
    assumeTrue(ro.isPresent(), ReadOnly.unavailable());
    try (ReadOnly ignored = ro.get()) {
      StoreException e = assertThrows(StoreException.class, () -> RunStore.open(file));
      assertEquals("run store " + file + " is read-only (" + file + " is not writable by this user), so Kakehashi"
          + " could not open it; make it writable or use another --home", e.getMessage());
    }
    try (RunStore store = RunStore.open(file)) {
      assertEquals(1, store.runs().size(), "made writable again, the store is whole");
    }
  }

  @Test
  void aHomeDirectoryThatCannotBeWrittenIsReadOnlyToo() throws Exception {
    Path file = storeWithARun();
    Optional<ReadOnly> ro = ReadOnly.make(file.getParent());
    assumeTrue(ro.isPresent(), ReadOnly.unavailable());
    try (ReadOnly ignored = ro.get()) {
      // SQLite in WAL mode creates runs.db-wal and runs.db-shm beside the store.
      StoreException e = assertThrows(StoreException.class, () -> RunStore.open(file));
      assertTrue(e.getMessage().startsWith("run store " + file + " is read-only (its directory " + file.getParent()
          + " is not writable by this user, and SQLite must create runs.db-wal there)"), e.getMessage());
      assertFalse(e.getMessage().contains(MOVE_ASIDE), e.getMessage());
      Path fresh = file.resolveSibling("new.db");
      StoreException create = assertThrows(StoreException.class, () -> RunStore.open(fresh));
      assertTrue(create.getMessage().contains("its directory " + file.getParent() + " is not writable by this user,"
          + " and SQLite must create new.db there"), create.getMessage());
    }
  }

  @Test
  void aStoreNobodyMayWriteStillOpensForReading() throws Exception {
    Path file = storeWithARun();
    Optional<ReadOnly> ro = ReadOnly.make(file.getParent());
    assumeTrue(ro.isPresent(), ReadOnly.unavailable());
    try (ReadOnly ignored = ro.get(); RunStore store = RunStore.openForReading(file)) {
      assertEquals("r1", store.runs().get(0).runId());
      StoreException e = assertThrows(StoreException.class, () -> store.createRun("r2", "wf", null, Map.of()));
      assertTrue(e.getMessage().startsWith("run store " + file + " is read-only"), e.getMessage());
      assertFalse(e.getMessage().contains(MOVE_ASIDE), e.getMessage());
    }
    try (RunStore store = RunStore.open(file)) {
      assertEquals(1, store.runs().size(), "nothing was written");
    }
  }

  @Test
  void sqlitesOwnReadOnlyErrorIsReadOnlyToo() throws Exception {
    // Where the file system says yes and SQLite still cannot write (a read-only mount seen through
    // another layer, a file opened read-only): SQLite's SQLITE_READONLY, from a real connection.
    Path file = storeWithARun();
    SQLiteConfig readOnly = new SQLiteConfig();
    readOnly.setReadOnly(true);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, readOnly.toProperties());
         Statement s = c.createStatement()) {
      SQLException refused = assertThrows(SQLException.class, () -> s.execute("DELETE FROM runs"));
      StoreException e = StoreErrors.of(file, "record 3 events", refused);
      assertEquals("run store " + file + " is read-only (SQLite: attempt to write a readonly database), so Kakehashi"
          + " could not record 3 events; make it writable or use another --home", e.getMessage());
    }
  }

  @Test
  void aFileThatIsNoDatabaseIsToBeMovedAside() throws Exception {
    Path file = dir.resolve("runs.db");
    Files.writeString(file, "not a database\n".repeat(300));
    StoreException e = assertThrows(StoreException.class, () -> RunStore.open(file));
    assertEquals("run store " + file + " is not a SQLite database or is damaged (SQLite: file is not a database),"
        + " so Kakehashi could not open it; move it aside and start again: completed outputs stay in the work"
        + " directory, but the runs recorded in this file are no longer known", e.getMessage());
  }

  @Test
  void aDamagedPageIsDamageToBeMovedAside() throws Exception {
    Path file = storeWithARun();
    Damage.middlePageOf(file, "runs"); // its one page
    try (RunStore store = RunStore.open(file)) {
      StoreException e = assertThrows(StoreException.class, store::runs);
      assertTrue(e.getMessage().startsWith("run store " + file + " is damaged (SQLite: database disk image is"
          + " malformed), so Kakehashi could not list runs; " + MOVE_ASIDE), e.getMessage());
    }
  }
}
