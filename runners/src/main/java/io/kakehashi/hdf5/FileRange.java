package io.kakehashi.hdf5;

import java.io.Serializable;

/** Rows {@code [start, end)} of one file; {@code end < 0} for all of its rows. */
record FileRange(String path, long start, long end) implements Serializable {
  static FileRange whole(String path) {
    return new FileRange(path, 0, -1);
  }

  boolean isWhole() {
    return start == 0 && end < 0;
  }

  @Override
  public String toString() {
    return isWhole() ? path : path + "[" + start + ".." + end + ")";
  }
}
