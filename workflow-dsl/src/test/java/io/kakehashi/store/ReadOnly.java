package io.kakehashi.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A file or directory made truly read-only for this process, as a user meets it: {@code chmod
 * a-w} for an ordinary user and, for root, whom permissions do not stop, also the immutable
 * attribute ({@code chattr +i}; ext4 and its kind, with CAP_LINUX_IMMUTABLE), which stops root
 * too. {@link #close} undoes both, so that the test's temporary directory can be deleted.
 *
 * <pre>{@code
 * try (ReadOnly ro = ReadOnly.make(home.resolve("runs.db")).orElseThrow()) { ... }
 * }</pre>
 */
public final class ReadOnly implements AutoCloseable {
  private final Path path;
  private final Set<PosixFilePermission> before;
  private final boolean immutable;

  private ReadOnly(Path path, Set<PosixFilePermission> before, boolean immutable) {
    this.path = path;
    this.before = before;
    this.immutable = immutable;
  }

  /** Makes {@code path} unwritable; empty (and {@code path} as it was) where nothing here can. */
  public static Optional<ReadOnly> make(Path path) throws IOException {
    Set<PosixFilePermission> before = Files.getPosixFilePermissions(path);
    Set<PosixFilePermission> readOnly = new HashSet<>(before);
    readOnly.removeAll(Set.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.OTHERS_WRITE));
    Files.setPosixFilePermissions(path, readOnly);
    if (!Files.isWritable(path)) return Optional.of(new ReadOnly(path, before, false));
    if (chattr("+i", path) && !Files.isWritable(path)) return Optional.of(new ReadOnly(path, before, true));
    Files.setPosixFilePermissions(path, before);
    return Optional.empty();
  }

  /** Why {@link #make} can do nothing here, for a test's assumption. */
  public static String unavailable() {
    return "this process may write files it cannot chmod away (root) and chattr +i is not permitted here";
  }

  @Override
  public void close() throws IOException {
    if (immutable) chattr("-i", path);
    Files.setPosixFilePermissions(path, before);
  }

  private static boolean chattr(String flag, Path path) {
    try {
      Process p = new ProcessBuilder("chattr", flag, path.toString()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false; // no chattr here
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
