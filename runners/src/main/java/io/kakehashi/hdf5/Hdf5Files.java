package io.kakehashi.hdf5;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Turns the paths of a read into a sorted list of files. jHDF reads local (or shared, mounted)
 * files only, so paths are local paths or {@code file:} URIs.
 */
final class Hdf5Files {
  private Hdf5Files() {}

  static List<Path> resolve(List<String> paths) {
    TreeSet<Path> files = new TreeSet<>();
    for (String p : paths) {
      List<Path> found = p.matches(".*[*?\\[{].*") ? glob(p) : plain(p);
      if (found.isEmpty()) throw new IllegalArgumentException("hdf5 read: no HDF5 file matches '" + p + "'");
      files.addAll(found);
    }
    return List.copyOf(files);
  }

  private static Path local(String p) {
    return (p.startsWith("file:") ? Path.of(URI.create(p)) : Path.of(p)).toAbsolutePath().normalize();
  }

  /** A file, or every {@code .h5}/{@code .hdf5}/{@code .he5} file below a directory. */
  private static List<Path> plain(String p) {
    Path path = local(p);
    if (Files.isRegularFile(path)) return List.of(path);
    if (!Files.isDirectory(path)) throw new IllegalArgumentException("hdf5 read: no such file or directory: " + p);
    return walk(path, Integer.MAX_VALUE, f -> {
      String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
      return name.endsWith(".h5") || name.endsWith(".hdf5") || name.endsWith(".he5");
    });
  }

  /** A glob over whole paths ({@code /runs/*}{@code /batch.h5}, {@code /runs/**.h5}), walked from its fixed prefix. */
  private static List<Path> glob(String p) {
    String pattern = p.startsWith("file:") ? p.substring("file:".length()).replaceFirst("^//", "") : p;
    if (!pattern.startsWith("/")) pattern = Path.of("").toAbsolutePath() + "/" + pattern;
    String[] parts = pattern.split("/");
    StringBuilder base = new StringBuilder("/");
    int fixed = 0;
    while (fixed < parts.length - 1 && !parts[fixed].matches(".*[*?\\[{].*")) {
      if (!parts[fixed].isEmpty()) base.append(parts[fixed]).append('/');
      fixed++;
    }
    int depth = pattern.contains("**") ? Integer.MAX_VALUE : parts.length - fixed;
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    Path root = Path.of(base.toString());
    if (!Files.isDirectory(root)) return List.of();
    return walk(root, depth, matcher::matches);
  }

  private static List<Path> walk(Path root, int depth, PathMatcher keep) {
    try (Stream<Path> s = Files.walk(root, depth)) {
      return s.filter(Files::isRegularFile).filter(keep::matches).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("hdf5 read: cannot list " + root, e);
    }
  }

  static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("hdf5 read: cannot read the size of " + file, e);
    }
  }
}
