package io.kakehashi.hdf5;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The options of an {@code hdf5} read, parsed once on the driver and shipped to the readers.
 *
 * @param paths files, directories (every {@code .h5}/{@code .hdf5} file below) or globs
 * @param group the group whose datasets become columns, at any depth ({@code /a/b/c})
 * @param datasets the datasets to read; empty for every 1-D and 2-D dataset of the group
 * @param attributes whether scalar attributes of the file and of the groups down to {@code group} become columns
 * @param mode what to do with a file that cannot be used
 * @param maxPartitionBytes the most bytes (uncompressed) one partition reads; larger files are split by row ranges
 * @param openCostBytes what opening a file costs, in bytes, when packing small files into partitions
 * @param batchRows rows per columnar batch (rounded up to whole HDF5 chunks)
 */
public record Hdf5Options(List<String> paths, String group, List<String> datasets, boolean attributes,
                          ReadMode mode, long maxPartitionBytes, long openCostBytes, int batchRows)
    implements Serializable {

  public static final String PATH = "path";
  public static final String PATHS = "paths";
  public static final String GROUP = "group";
  public static final String DATASETS = "datasets";
  public static final String ATTRIBUTES = "attributes";
  public static final String MODE = "mode";
  public static final String MAX_PARTITION_BYTES = "maxPartitionBytes";
  public static final String OPEN_COST_BYTES = "openCostInBytes";
  public static final String BATCH_ROWS = "batchRows";

  public Hdf5Options {
    paths = List.copyOf(paths);
    datasets = List.copyOf(datasets);
    if (paths.isEmpty()) throw new IllegalArgumentException("hdf5 read: no path given (load(path...) or option 'path')");
    if (!group.startsWith("/")) group = "/" + group;
    if (maxPartitionBytes < 1) throw new IllegalArgumentException("hdf5 option 'maxPartitionBytes' must be positive");
    if (batchRows < 1) throw new IllegalArgumentException("hdf5 option 'batchRows' must be positive");
  }

  /**
   * Parses Spark's option map (keys case-insensitive). Spark passes {@code load(p)} as
   * {@code path} and {@code load(p1, p2)} as {@code paths}, a JSON array of strings.
   */
  public static Hdf5Options parse(Map<String, String> options) {
    Map<String, String> o = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    o.putAll(options);
    List<String> paths = new ArrayList<>();
    if (o.containsKey(PATH)) paths.add(o.get(PATH));
    if (o.containsKey(PATHS)) paths.addAll(parseJsonStrings(o.get(PATHS)));
    String datasets = o.getOrDefault(DATASETS, "").trim();
    return new Hdf5Options(
        paths,
        o.getOrDefault(GROUP, "/"),
        datasets.isEmpty() ? List.of() : Arrays.stream(datasets.split(",")).map(String::trim).toList(),
        parseBoolean(o, ATTRIBUTES, false),
        ReadMode.parse(o.getOrDefault(MODE, "failfast")),
        parseLong(o, MAX_PARTITION_BYTES, 128L << 20),
        parseLong(o, OPEN_COST_BYTES, 4L << 20),
        Math.toIntExact(parseLong(o, BATCH_ROWS, 8192)));
  }

  private static boolean parseBoolean(Map<String, String> o, String key, boolean dflt) {
    String v = o.get(key);
    if (v == null) return dflt;
    if (v.equalsIgnoreCase("true")) return true;
    if (v.equalsIgnoreCase("false")) return false;
    throw new IllegalArgumentException("hdf5 option '" + key + "': expected true or false, got '" + v + "'");
  }

  private static long parseLong(Map<String, String> o, String key, long dflt) {
    String v = o.get(key);
    if (v == null) return dflt;
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("hdf5 option '" + key + "': expected an integer, got '" + v + "'");
    }
  }

  /** Spark's {@code paths} option: a JSON array of strings, written by Spark itself. */
  private static List<String> parseJsonStrings(String json) {
    try {
      String[] values = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, String[].class);
      return Arrays.asList(values);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("hdf5 option 'paths': expected a JSON array of strings, got " + json, e);
    }
  }
}
