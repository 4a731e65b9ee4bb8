package io.kakehashi.hdf5;

/** A file that cannot be read as the table expects; the message names the file and, where known, the dataset. */
public final class Hdf5ReadException extends RuntimeException {
  private final String file;
  private final String dataset;
  private final String reason;

  Hdf5ReadException(String file, String dataset, String reason, Throwable cause) {
    super("HDF5 file " + file + (dataset == null ? "" : ", dataset '" + dataset + "'") + ": " + reason, cause);
    this.file = file;
    this.dataset = dataset;
    this.reason = reason;
  }

  Hdf5ReadException(String file, String dataset, String reason) {
    this(file, dataset, reason, null);
  }

  public String file() {
    return file;
  }

  /** The dataset (or attribute) path in the file, or null when the file as a whole is bad. */
  public String dataset() {
    return dataset;
  }

  /** Why, without the file name: what a skipped file is reported with (dataset included). */
  String reportedReason() {
    return dataset == null ? reason : "dataset '" + dataset + "': " + reason;
  }
}
