package io.kakehashi.hdf5;

import java.io.Serializable;
import java.util.Objects;

/** A file that a {@link ReadMode#SKIP} read left out, and why. */
public record SkippedFile(String path, String reason) implements Serializable {
  public SkippedFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(reason, "reason");
  }
}
