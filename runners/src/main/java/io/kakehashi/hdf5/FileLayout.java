package io.kakehashi.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Link;
import io.jhdf.links.ExternalLink;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import java.nio.ByteBuffer;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ChunkedDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.types.DataType;

/**
 * One open HDF5 file seen as a table: the group that holds the columns, checked against what the
 * table expects. Every problem is an {@link Hdf5ReadException} naming the file and the dataset.
 */
final class FileLayout implements AutoCloseable {
  private final String file;
  private final HdfFile hdf;
  private final Group group;
  private final String groupPath;
  private final Map<String, Dataset> datasets = new java.util.HashMap<>();
  private final Map<String, StoredRows> stored = new java.util.HashMap<>();
  /** Files that external links point to, by path. */
  private final Map<String, HdfFile> external = new java.util.HashMap<>();

  private FileLayout(String file, HdfFile hdf, Group group, String groupPath) {
    this.file = file;
    this.hdf = hdf;
    this.group = group;
    this.groupPath = groupPath;
  }

  /** Files up to this size are read with one system call and parsed in memory. */
  private static final long IN_MEMORY_BYTES = 16L << 20;

  /** Opens {@code path} and finds {@code groupPath} in it; the file is closed again on any error. */
  static FileLayout open(Path path, String groupPath) {
    String file = path.toString();
    HdfFile hdf;
    try {
      // A batch file's metadata is dozens of small reads: from memory rather than as many syscalls.
      hdf = Files.size(path) <= IN_MEMORY_BYTES ? HdfFile.fromBytes(Files.readAllBytes(path)) : new HdfFile(path);
    } catch (IOException e) {
      throw new Hdf5ReadException(file, null, "cannot be read (" + e + ")", e);
    } catch (RuntimeException e) {
      throw new Hdf5ReadException(file, null, "not a readable HDF5 file (" + e.getMessage() + ")", e);
    }
    try {
      checkNotTruncated(file, path, hdf);
      Node node = groupPath.equals("/") ? hdf : hdf.getByPath(groupPath);
      if (!(node instanceof Group g)) {
        throw new Hdf5ReadException(file, groupPath, "is a dataset, not a group");
      }
      return new FileLayout(file, hdf, g, groupPath);
    } catch (Hdf5ReadException e) {
      hdf.close();
      throw e;
    } catch (RuntimeException e) {
      hdf.close();
      throw new Hdf5ReadException(file, groupPath, "no such group (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The C library refuses a file shorter than the end-of-file address in its superblock; so do
   * we, before any row of it is read, so that a half-written file is never half ingested. The
   * end-of-file address already counts a userblock (the library compares it with the file size).
   */
  private static void checkNotTruncated(String file, Path path, HdfFile hdf) {
    long expected = hdf.getHdfBackingStorage().getSuperblock().getEndOfFileAddress();
    long actual;
    try {
      actual = Files.size(path);
    } catch (IOException e) {
      throw new Hdf5ReadException(file, null, "cannot read its size (" + e.getMessage() + ")", e);
    }
    if (actual < expected) {
      throw new Hdf5ReadException(file, null,
          "truncated: the superblock says it ends at byte " + expected + " but it has " + actual + " bytes");
    }
  }

  String file() {
    return file;
  }

  /**
   * The columns this file offers: its datasets, then (if asked) attributes, then {@code source_file}.
   * Members that cannot be columns are added to {@code omitted} with the reason; any other problem,
   * including members jHDF cannot open (virtual datasets, external raw storage), is an
   * {@link Hdf5ReadException} naming this file.
   */
  List<Column> infer(Hdf5Options options, List<OmittedDataset> omitted) {
    try {
      return inferColumns(options, omitted);
    } catch (Hdf5ReadException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new Hdf5ReadException(file, groupPath, "cannot be read (" + reason(e) + ")", e);
    }
  }

  private List<Column> inferColumns(Hdf5Options options, List<OmittedDataset> omitted) {
    List<Column> columns = new ArrayList<>();
    if (options.datasets().isEmpty()) {
      Map<String, Node> children;
      try {
        children = new TreeMap<>(group.getChildren());
      } catch (RuntimeException e) {
        throw unreadableMember(e);
      }
      for (Node child : children.values()) {
        String name = child.getName();
        Node n;
        try {
          n = resolve(child);
        } catch (RuntimeException e) {
          omitted.add(new OmittedDataset(file, path(name), "a link that cannot be followed (" + reason(e) + ")"));
          continue;
        }
        if (!(n instanceof Dataset d)) continue; // groups are structure, not columns
        String why = unsupported(d);
        if (why != null) {
          omitted.add(new OmittedDataset(file, path(name), why));
        } else {
          datasets.put(name, d);
          columns.add(datasetColumn(name, d));
        }
      }
      if (columns.isEmpty()) {
        throw new Hdf5ReadException(file, groupPath, "has no 1-D or 2-D dataset of a supported type"
            + (omitted.isEmpty() ? "" : " (" + omitted.stream().map(o -> o.dataset() + ": " + o.reason()).toList() + ")"));
      }
    } else {
      for (String name : options.datasets()) {
        Dataset d = dataset(name);
        String why = unsupported(d);
        if (why != null) throw new Hdf5ReadException(file, path(name), "cannot be a column: " + why);
        columns.add(datasetColumn(name, d));
      }
    }
    rows(columns);
    if (options.attributes()) {
      Map<String, Column> seen = new LinkedHashMap<>();
      for (Map.Entry<String, Attribute> a : attributes().entrySet()) {
        DataType type = Hdf5Types.sparkType(a.getValue().getDataType());
        if (type != null && a.getValue().isScalar()) {
          seen.put(a.getKey(), new Column(a.getKey(), Column.Kind.ATTRIBUTE, type, Column.SCALAR));
        } else {
          omitted.add(new OmittedDataset(file, path(a.getKey()), "an attribute that is not a scalar of a supported type"));
        }
      }
      for (Column c : seen.values()) {
        if (columns.stream().anyMatch(d -> d.name().equals(c.name()))) {
          throw new Hdf5ReadException(file, path(c.name()), "an attribute and a dataset share this name");
        }
        columns.add(c);
      }
    }
    for (Column c : columns) {
      if (c.name().equals(Column.SOURCE_FILE)) {
        throw new Hdf5ReadException(file, path(c.name()), "this " + c.kind().name().toLowerCase(java.util.Locale.ROOT)
            + " has the name of the provenance column '" + Column.SOURCE_FILE + "' (each row's file path); "
            + "select the other datasets with option '" + Hdf5Options.DATASETS + "' or rename it");
      }
    }
    columns.add(Column.sourceFile());
    return columns;
  }

  /** Why a dataset cannot be a column, or null when it can. */
  private static String unsupported(Dataset d) {
    int rank = d.getDimensions().length;
    if (rank == 0) return "a scalar dataset (only 1-D and 2-D datasets become columns)";
    if (rank > 2) return rank + " dimensions (only 1-D and 2-D datasets become columns)";
    if (Hdf5Types.sparkType(d.getDataType()) == null) {
      return "its element type (" + d.getDataType().getClass().getSimpleName() + " of " + d.getDataType().getSize()
          + " bytes) has no Spark column type";
    }
    return null;
  }

  /**
   * The node a link points to. jHDF resolves soft links; external links are resolved here,
   * relative to this file's directory as the reference library does by default, because jHDF
   * cannot resolve them from a file read into memory. Files opened for them close with this one.
   */
  private Node resolve(Node n) {
    if (n instanceof ExternalLink e) {
      String target = e.getTargetPath(); // "file:path"
      int colon = target.lastIndexOf(":/");
      String targetFile = target.substring(0, colon);
      Path p = Path.of(targetFile);
      if (!p.isAbsolute()) p = Path.of(file).getParent().resolve(p);
      Path resolved = p.normalize();
      HdfFile other = external.computeIfAbsent(resolved.toString(), f -> new HdfFile(resolved));
      return other.getByPath(target.substring(colon + 1));
    }
    if (n instanceof Link l) return resolve(l.getTarget());
    return n;
  }

  /**
   * jHDF opens a group's members all at once; when one of them cannot be opened, the member
   * asked for is opened by itself, and the error names the one at fault if it is that one.
   */
  private Node openAlone(String name, RuntimeException groupFailure) {
    Node n = null;
    RuntimeException failure = groupFailure;
    if (name.indexOf('/') < 0) {
      try {
        n = GroupMembers.openMember(group, name);
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    if (n != null) return n;
    Hdf5ReadException named = unreadableMember(failure);
    if (named.dataset().equals(path(name))) throw named;
    throw new Hdf5ReadException(file, path(name), "missing or cannot be opened (" + reason(failure) + ")", failure);
  }

  /** A failure to open the group's members, naming the member that jHDF cannot open where it can be found. */
  private Hdf5ReadException unreadableMember(RuntimeException e) {
    String[] bad;
    try {
      bad = GroupMembers.firstUnreadable(group);
    } catch (RuntimeException ignored) {
      bad = null; // the group itself is damaged: say what jHDF said
    }
    return bad == null
        ? new Hdf5ReadException(file, groupPath, "cannot be read (" + reason(e) + ")", e)
        : new Hdf5ReadException(file, path(bad[0]), "cannot be read (" + bad[1] + "); the other datasets can be "
            + "read by naming them in option '" + Hdf5Options.DATASETS + "'", e);
  }

  /** The innermost message of a jHDF failure, which says what it could not do. */
  static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + t.getMessage();
  }

  private Column datasetColumn(String name, Dataset d) {
    DataType type = Hdf5Types.sparkType(d.getDataType());
    if (type == null) {
      throw new Hdf5ReadException(file, d.getPath(), "has an element type with no Spark equivalent: "
          + d.getDataType().getClass().getSimpleName() + " of " + d.getDataType().getSize() + " bytes");
    }
    int[] dims = d.getDimensions();
    return new Column(name, Column.Kind.DATASET, type, dims.length == 2 ? dims[1] : Column.SCALAR);
  }

  /**
   * Checks that this file has every column of {@code expected} with the same type, and returns
   * its row count: the common length of the dataset columns (they must all agree). A conflict
   * names both this file and {@code referenceFile}, where the table's schema came from.
   */
  long check(List<Column> expected, String referenceFile) {
    List<Column> datasetColumns = new ArrayList<>();
    for (Column c : expected) {
      if (c.kind() == Column.Kind.DATASET) {
        Column actual = datasetColumn(c.name(), dataset(c.name()));
        if (!actual.type().equals(c.type()) || actual.isArray() != c.isArray()
            || (c.width() != Column.ANY_WIDTH && actual.width() != c.width())) {
          throw conflict(c, actual.describe(), referenceFile);
        }
        datasetColumns.add(c);
      } else if (c.kind() == Column.Kind.ATTRIBUTE) {
        Attribute a = attributes().get(c.name());
        if (a != null && !c.type().equals(Hdf5Types.sparkType(a.getDataType()))) {
          DataType t = Hdf5Types.sparkType(a.getDataType());
          throw conflict(c, "attribute of type " + (t == null ? "unsupported" : t.simpleString()), referenceFile);
        }
      }
    }
    return rows(datasetColumns);
  }

  /**
   * The datasets of this file's group that the table has no column for, with reasons: its
   * schema was inferred from {@code referenceFile}, which lacks them, or they cannot be columns.
   */
  List<OmittedDataset> notInSchema(List<Column> expected, String referenceFile) {
    java.util.Set<String> names = new java.util.HashSet<>();
    expected.forEach(c -> names.add(c.name()));
    Map<String, Node> children;
    try {
      children = new TreeMap<>(group.getChildren());
    } catch (RuntimeException e) {
      Hdf5ReadException named = unreadableMember(e);
      return List.of(new OmittedDataset(file, named.dataset(), "cannot be opened (" + reason(e) + ")"));
    }
    List<OmittedDataset> out = new ArrayList<>();
    for (Map.Entry<String, Node> child : children.entrySet()) {
      if (names.contains(child.getKey())) continue;
      String at = path(child.getKey());
      try {
        if (!(resolve(child.getValue()) instanceof Dataset d)) continue;
        String why = unsupported(d);
        out.add(new OmittedDataset(file, at, why != null ? why
            : "not a column of the table, whose schema was inferred from " + referenceFile));
      } catch (RuntimeException e) {
        out.add(new OmittedDataset(file, at, "a link that cannot be followed (" + reason(e) + ")"));
      }
    }
    return out;
  }

  private Hdf5ReadException conflict(Column c, String actual, String referenceFile) {
    return new Hdf5ReadException(file, path(c.name()), "conflicting schemas: it is " + actual + " here but "
        + c.describe() + " in " + referenceFile);
  }

  /** The common first dimension of the given dataset columns; ragged datasets are an error. */
  private long rows(List<Column> datasetColumns) {
    long rows = -1;
    String first = null;
    for (Column c : datasetColumns) {
      if (c.kind() != Column.Kind.DATASET) continue;
      long n = dataset(c.name()).getDimensionsAsLong()[0];
      if (first == null) {
        rows = n;
        first = c.name();
      } else if (n != rows) {
        throw new Hdf5ReadException(file, path(c.name()),
            "ragged: it has " + n + " rows but '" + path(first) + "' has " + rows);
      }
    }
    return rows;
  }

  Dataset dataset(String name) {
    Dataset cached = datasets.get(name);
    if (cached != null) return cached;
    Node n;
    try {
      n = name.indexOf('/') < 0 ? group.getChild(name) : group.getByPath(name);
      if (n != null) n = resolve(n);
    } catch (RuntimeException e) {
      n = openAlone(name, e);
    }
    if (n == null) throw new Hdf5ReadException(file, path(name), "missing");
    if (!(n instanceof Dataset d)) throw new Hdf5ReadException(file, path(name), "is a group, not a dataset");
    datasets.put(name, d);
    return d;
  }

  /** Scalar attributes of the root and every group down to this one; an inner group's value wins. */
  Map<String, Attribute> attributes() {
    Map<String, Attribute> all = new TreeMap<>(hdf.getAttributes());
    String[] parts = groupPath.split("/");
    StringBuilder p = new StringBuilder();
    for (String part : parts) {
      if (part.isEmpty()) continue;
      p.append('/').append(part);
      all.putAll(hdf.getByPath(p.toString()).getAttributes());
    }
    return all;
  }

  /** The value of a scalar attribute, or null when this file lacks it. */
  Object attribute(String name) {
    Attribute a = attributes().get(name);
    if (a == null) return null;
    try {
      // Strings decoded as the datasets' are (jHDF would replace non-ASCII bytes of ASCII strings).
      if (a.getDataType() instanceof StringData || a.getDataType() instanceof VariableLength v && v.isVariableLengthString()) {
        ByteBuffer b = a.getBuffer();
        byte[] stored = new byte[b.remaining()];
        b.get(stored);
        byte[] utf8 = a.getDataType() instanceof StringData s
            ? Hdf5Strings.fixed(s, stored, 0, file, path(name))
            : Hdf5Strings.variable((VariableLength) a.getDataType(), stored, 0, hdf.getHdfBackingStorage(),
                new java.util.HashMap<>(), file, path(name));
        return new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
      }
      return a.getData();
    } catch (RuntimeException e) {
      throw new Hdf5ReadException(file, path(name), "unreadable attribute (" + e.getMessage() + ")", e);
    }
  }

  /** How to read the stored rows of a dataset column; built once per file. */
  StoredRows storedRows(String name) {
    StoredRows cached = stored.get(name);
    if (cached != null) return cached;
    Dataset d = dataset(name);
    StoredRows s;
    try {
      s = StoredRows.of(d);
    } catch (RuntimeException e) {
      throw new Hdf5ReadException(file, d.getPath(), "cannot read its storage (" + e.getMessage() + ")", e);
    }
    stored.put(name, s);
    return s;
  }

  /** Rows per HDF5 chunk of the dataset (1 for contiguous ones): split points that cut no chunk. */
  int chunkRows(String name) {
    return dataset(name) instanceof ChunkedDataset c ? c.getChunkDimensions()[0] : 1;
  }

  /** Uncompressed bytes of one row of a dataset column. */
  long rowBytes(String name) {
    Dataset d = dataset(name);
    long[] dims = d.getDimensionsAsLong();
    return d.getDataType().getSize() * (dims.length == 2 ? dims[1] : 1);
  }

  String path(String name) {
    return (groupPath.endsWith("/") ? groupPath : groupPath + "/") + name;
  }

  @Override
  public void close() {
    external.values().forEach(HdfFile::close);
    hdf.close();
  }
}
