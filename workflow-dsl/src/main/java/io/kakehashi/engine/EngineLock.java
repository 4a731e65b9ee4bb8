package io.kakehashi.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One engine per home: an exclusive lock on {@code <home>/engine.lock}, held for the engine's
 * lifetime, so that two engines never share a run's rows or its staging directories (a second
 * {@code run} or a {@code resume} of a running run would re-run points and kill each other's
 * processes). The operating system releases the lock when its process dies, so a {@code kill -9}
 * leaves no lock behind; the file keeps its holder's pid, process start time and run for
 * {@code cancel} and {@code status}, which believe it only while that same process lives.
 *
 * <pre>{@code
 * try (EngineLock lock = EngineLock.acquire(home, runId)) {
 *   engine.run(runId, workflow, source, parameters);
 * }
 * }</pre>
 */
public final class EngineLock implements AutoCloseable {
  public static final String FILE = "engine.lock";

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private EngineLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the home's lock for an engine driving {@code runId}, at once or not at all.
   *
   * @throws EngineException naming the run and the pid of the engine that holds it, or the file
   *     when it cannot be written
   */
  public static EngineLock acquire(Path home, String runId) {
    Path file = home.resolve(FILE);
    FileChannel ch = null;
    try {
      Files.createDirectories(home);
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = tryLock(ch);
      if (lock == null) {
        ch.close();
        throw held(home, runId, holder(home));
      }
      EngineOwner me = EngineOwner.current(runId);
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(me.line().getBytes(StandardCharsets.UTF_8)), 0);
      ch.force(false);
      return new EngineLock(file, ch, lock);
    } catch (IOException e) {
      closeQuietly(ch);
      // A permission problem, not a second engine: say so, or users look for an engine that is not there.
      if (Files.isDirectory(home) && (!Files.isWritable(home) || Files.exists(file) && !Files.isWritable(file))) {
        throw new EngineException("home " + home + " is read-only (" + (Files.isWritable(home) ? file : home)
            + " is not writable by this user), so no engine can take its lock " + file
            + "; make it writable or use another --home", e);
      }
      throw new EngineException("cannot take the engine lock " + file + ": " + e.getMessage(), e);
    }
  }

  /** A few tries: a reader that has just opened the file must not make a starting engine fail. */
  private static FileLock tryLock(FileChannel ch) throws IOException {
    for (int i = 0; ; i++) {
      try {
        FileLock l = ch.tryLock();
        if (l != null || i == 5) return l;
      } catch (OverlappingFileLockException sameJvm) {
        if (i == 5) return null;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  private static EngineException held(Path home, String runId, Optional<EngineOwner> by) {
    if (by.isEmpty()) {
      return new EngineException("another engine holds " + home.resolve(FILE) + "; only one engine may run in a home");
    }
    EngineOwner o = by.get();
    if (o.runId().equals(runId)) {
      return new EngineException("run " + runId + " is still running: its engine (" + o + ") holds "
          + home.resolve(FILE) + "; wait for it or stop it with 'kakehashi cancel " + runId + "' before resuming");
    }
    return new EngineException("run " + o.runId() + " is running in home " + home + " (engine " + o
        + "); only one engine may run in a home at a time: wait for it, stop it with 'kakehashi cancel "
        + o.runId() + "', or give this run another --home");
  }

  /**
   * The engine that holds the home's lock now, if any: the lock file's record, believed only
   * while the process it names (same pid, same start time) is alive.
   */
  public static Optional<EngineOwner> holder(Path home) {
    try {
      return EngineOwner.parse(Files.readString(home.resolve(FILE))).filter(EngineOwner::alive);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new EngineException("cannot read the engine lock " + home.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  /** Clears the record, then releases the lock: a reader never sees a released lock's owner as alive. */
  @Override
  public void close() {
    try {
      channel.truncate(0);
      lock.release();
    } catch (IOException e) {
      // the lock goes with the channel below, and an unreleased record names a process that ends soon
    } finally {
      closeQuietly(channel);
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch == null) return;
    try {
      ch.close();
    } catch (IOException ignored) {
      // nothing held any more
    }
  }
}
