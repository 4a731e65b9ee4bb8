package io.kakehashi.store;

import io.kakehashi.event.Event;
import io.kakehashi.event.EventListener;
import io.kakehashi.event.RunState;
import io.kakehashi.plan.PointKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The durable record of runs: an embedded SQLite file in WAL mode. It consumes the engine's event
 * stream, one transaction per batch of events, so the store is never the bottleneck and a batch is
 * durable before any other listener hears of it. Completed results are keyed by fingerprint: that
 * table is the cache that {@code resume} and re-runs draw on.
 *
 * <p>This class opens the file and is the one door in; the tables are {@code Schema}'s, the write
 * side is {@code Recorder}, the read side {@code Queries}.
 */
public final class RunStore implements EventListener, AutoCloseable {
  private final Path file;
  private final Db db;
  private final Recorder recorder;
  private final Queries queries;

  private RunStore(Path file, Db db) {
    this.file = file;
    this.db = db;
    this.recorder = new Recorder(db);
    this.queries = new Queries(db);
  }

  /**
   * Opens (creating if needed) the store at {@code file}.
   *
   * @throws StoreException naming the file when it is read-only, not a SQLite database, or damaged
   *     (only the last two are advised to be moved aside)
   */
  public static RunStore open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
    } catch (IOException e) {
      throw new StoreException("cannot create the directory of run store " + file + ": " + e, e);
    }
    // Asked of the file system first: SQLite opens a file it may not write read-only without a
    // word, and only fails at the first write with a message that does not say whose fault it is.
    Optional<String> readOnly = StoreErrors.whyReadOnly(file);
    if (readOnly.isPresent()) throw StoreErrors.readOnly(file, readOnly.get(), "open it", null);
    Connection c = null;
    try {
      // Generated keys are never read here; fetching them costs a query after every insert.
      Properties props = new Properties();
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
        Schema.createOrUpgrade(s, file);
      }
      c.setAutoCommit(false);
      return new RunStore(file, new Db(file, c, new Checkpointer(file)));
    } catch (SQLException | StoreException e) {
      throw openFailed(file, c, e);
    }
  }

  /**
   * Opens the store for a command that only reads it (status, runs, logs, report): as {@link
   * #open} where it may be written, and read-only where it may not (a colleague's home, a
   * read-only mount), so that looking at runs needs no write permission. A write through a store
   * opened read-only fails with the read-only message.
   *
   * @throws StoreException naming the file when there is none, or it is not a run store
   */
  public static RunStore openForReading(Path file) {
    Optional<String> readOnly = StoreErrors.whyReadOnly(file);
    if (readOnly.isEmpty()) return open(file);
    if (!Files.isRegularFile(file)) {
      throw StoreErrors.readOnly(file, readOnly.get(), "create it (nothing has run in this home yet)", null);
    }
    // SQLite reads a WAL-mode store read-only only through its -wal and -shm files; where they
    // are absent and cannot be made (a read-only directory) nothing is pending in a log, and the
    // file is read as immutable.
    boolean log = Files.exists(Path.of(file.toAbsolutePath() + "-wal"))
        && Files.exists(Path.of(file.toAbsolutePath() + "-shm"));
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(10_000);
    config.setOpenMode(SQLiteOpenMode.OPEN_URI);
    Connection c = null;
    try {
      c = DriverManager.getConnection("jdbc:sqlite:file:" + file.toAbsolutePath() + (log ? "?mode=ro" : "?immutable=1"),
          config.toProperties());
      try (Statement s = c.createStatement()) {
        Schema.checkReadable(s, file);
      }
      c.setAutoCommit(false);
      return new RunStore(file, new Db(file, c, null));
    } catch (SQLException | StoreException e) {
      throw openFailed(file, c, e);
    }
  }

  /** Closes a connection that could not be set up, and says why in the store's terms. */
  private static StoreException openFailed(Path file, Connection c, Exception e) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // already failing
      }
    }
    return e instanceof StoreException se ? se : StoreErrors.of(file, "open it", e);
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
    recorder.createRun(runId, workflow, source, parameters);
  }

  /** Makes a batch of events durable, in one transaction. */
  @Override
  public void onEvents(List<Event> events) {
    recorder.onEvents(events);
  }

  /**
   * Records that a run ended in {@code state}, writing its own row and nothing else: what is left
   * to try when a batch of events cannot be written (a damaged page under another table), so
   * that the run does not read as running for ever.
   */
  public void endRun(String runId, RunState state) {
    recorder.endRun(runId, state);
  }

  /** The completed result for a fingerprint, if any. */
  public Optional<CachedResult> completed(String fingerprint) {
    return queries.completed(fingerprint);
  }

  /**
   * The completed results among {@code fingerprints} of points of {@code step}: one query per
   * point for small steps, one query for the whole step for large sweeps.
   */
  public Map<String, CachedResult> completedAmong(String step, Collection<String> fingerprints) {
    return queries.completedAmong(step, fingerprints);
  }

  /** Every run, newest first. */
  public List<RunSummary> runs() {
    return queries.runs();
  }

  public Optional<RunSummary> run(String runId) {
    return queries.run(runId);
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

  /** The run's points in the order they were planned. */
  public List<PointRecord> points(String runId) {
    return queries.points(runId);
  }

  /**
   * The fraction done that each running point of the run last reported (a long step such as the
   * screen reports it), in plan order; points that report none are absent.
   */
  public Map<PointKey, Double> progress(String runId) {
    return queries.progress(runId);
  }

  /** The run's attempts by step, point and attempt number. */
  public List<AttemptRecord> attempts(String runId) {
    return queries.attempts(runId);
  }

  /**
   * The fingerprint parts of the latest earlier successful point of {@code step} at each index
   * in any other run, for telling why a point runs again.
   */
  public Map<PointKey, Map<String, String>> previousParts(String runId, String step) {
    return queries.previousParts(runId, step);
  }

  public List<EventRecord> events(String runId) {
    return queries.events(runId);
  }

  /** Values recorded by the run's completed points of one step, in point order. */
  public List<Map<String, Object>> values(String runId, String step) {
    return queries.values(runId, step);
  }

  /** Each step's upstream steps as the run's last start recorded them, in topological order. */
  public Map<String, List<String>> dag(String runId) {
    return queries.dag(runId);
  }

  @Override
  public void close() {
    db.close();
  }
}
