package io.kakehashi.campaigns.alloy.lammps;

import java.nio.file.Path;

/** LAMMPS output that cannot be read: names the file and the 1-based line. */
public final class LammpsOutputException extends RuntimeException {
  private final Path file;
  private final int line;

  public LammpsOutputException(Path file, int line, String message) {
    super(file + (line > 0 ? ":" + line : "") + ": " + message);
    this.file = file;
    this.line = line;
  }

  public Path file() {
    return file;
  }

  /** 1-based line number, or 0 when the problem is the file as a whole. */
  public int line() {
    return line;
  }
}
