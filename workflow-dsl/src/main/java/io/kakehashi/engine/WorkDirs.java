package io.kakehashi.engine;

import io.kakehashi.event.OutputFile;
import io.kakehashi.plan.Fingerprints;
import io.kakehashi.plan.PointKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Where points work and publish. An attempt runs in a staging directory
 * {@code <root>/<step>/.<fp>.a<attempt>}; on success the whole directory is renamed to
 * {@code <root>/<step>/<index>-<fp>}, so a crash never leaves a partial result that looks complete.
 */
final class WorkDirs {
  private final Path root;

  WorkDirs(Path root) {
    this.root = root.toAbsolutePath();
  }

  Path root() {
    return root;
  }

  Path staging(PointKey key, String fingerprint, int attempt) {
    return root.resolve(key.step()).resolve("." + key.index() + "-" + fingerprint.substring(0, 16) + ".a" + attempt);
  }

  Path published(PointKey key, String fingerprint) {
    return root.resolve(key.step()).resolve(key.index() + "-" + fingerprint.substring(0, 16));
  }

  /** Creates an empty staging directory, removing what an earlier try of the same attempt left. */
  Path prepare(Path staging) throws IOException {
    deleteTree(staging);
    return Files.createDirectories(staging);
  }

  /** The declared outputs that the attempt did not write. */
  static List<String> missing(Path dir, List<String> outputs) {
    List<String> out = new ArrayList<>();
    for (String o : outputs) if (!Files.exists(dir.resolve(o))) out.add(o);
    return out;
  }

  /** Moves the staging directory to its published place in one rename, and describes the outputs. */
  List<OutputFile> publish(Path staging, Path target, List<String> outputs) throws IOException {
    deleteTree(target);
    Files.createDirectories(target.getParent());
    try {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot publish " + staging + " atomically to " + target + ": " + e.getMessage(), e);
    }
    List<OutputFile> files = new ArrayList<>(outputs.size());
    for (String o : outputs) {
      Path p = target.resolve(o);
      files.add(new OutputFile(o, p.toString(), sizeOf(p), Files.isDirectory(p) ? "" : sha256(p)));
    }
    return files;
  }

  static long sizeOf(Path p) throws IOException {
    if (!Files.isDirectory(p)) return Files.size(p);
    try (var s = Files.walk(p)) {
      return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  static String sha256(Path file) throws IOException {
    MessageDigest md = Fingerprints.sha256();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
    }
    return Fingerprints.hex(md.digest());
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    Files.walkFileTree(p, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
