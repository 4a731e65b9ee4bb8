package io.kakehashi.store;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Damages a run store as a disk or a bad copy would: a page's first bytes overwritten. */
public final class Damage {
  private static final int PAGE = 4096;

  private Damage() {}

  /**
   * Overwrites the header of the page of {@code table} (or index) nearest the middle of its pages,
   * found with SQLite's dbstat, and returns its number; a reader of that page gets SQLITE_CORRUPT.
   */
  public static long middlePageOf(Path store, String table) throws Exception {
    List<Long> pages = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT pageno FROM dbstat WHERE name='" + table + "' ORDER BY pageno")) {
      while (rs.next()) pages.add(rs.getLong(1));
    }
    if (pages.isEmpty()) throw new SQLException("no pages of '" + table + "' in " + store);
    long page = pages.get(pages.size() / 2);
    try (RandomAccessFile raf = new RandomAccessFile(store.toFile(), "rw")) {
      raf.seek((page - 1) * PAGE); // pages count from 1
      raf.write(new byte[] {0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a});
    }
    return page;
  }
}
