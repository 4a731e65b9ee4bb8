package io.kakehashi.hdf5;

/** What a read does with a file it cannot use: not HDF5, truncated, a missing or ragged dataset, a conflicting schema. */
public enum ReadMode {
  /** Stop the read with an error that names the file and the dataset. */
  FAILFAST,
  /** Leave the file out and report it, with the reason, in {@link Hdf5Source#skippedFiles}. */
  SKIP;

  static ReadMode parse(String value) {
    for (ReadMode m : values()) {
      if (m.name().equalsIgnoreCase(value)) return m;
    }
    throw new IllegalArgumentException("hdf5 option 'mode': expected failfast or skip, got '" + value + "'");
  }
}
