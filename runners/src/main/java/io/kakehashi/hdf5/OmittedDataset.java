package io.kakehashi.hdf5;

import java.io.Serializable;
import java.util.Objects;

/**
 * A member of the group that schema inference left out of the table, and why: a scalar or 3-D
 * dataset, an element type with no Spark column type (compound, opaque, references...), a
 * non-scalar attribute, a link that cannot be followed. Logged as a warning and listed by
 * {@link Hdf5Source#omittedDatasets}.
 *
 * @param file the file whose schema was inferred
 * @param dataset the member's path in the file
 * @param reason why it is not a column
 */
public record OmittedDataset(String file, String dataset, String reason) implements Serializable {
  public OmittedDataset {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return "HDF5 file " + file + ", dataset '" + dataset + "': left out of the schema: " + reason;
  }
}
