package io.kakehashi.scripts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The project's own scripts ({@code scripts/slurm-local.sh}, {@code scripts/spark-local.sh}) as
 * tests reach them: from whichever module directory Maven runs a test in, up to the checkout's root.
 */
public final class ProjectScripts {
  private ProjectScripts() {}

  /** {@code scripts/<name>} of the nearest enclosing checkout, if it is there and executable. */
  public static Optional<Path> find(String name) {
    for (Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent()) {
      Path s = d.resolve("scripts").resolve(name);
      if (Files.isExecutable(s)) return Optional.of(s);
    }
    return Optional.empty();
  }
}
