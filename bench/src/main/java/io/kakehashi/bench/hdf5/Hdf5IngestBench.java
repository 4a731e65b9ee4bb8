package io.kakehashi.bench.hdf5;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kakehashi.spark.SparkSessions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import scala.jdk.javaapi.CollectionConverters;

/**
 * HDF5 ingest throughput: the {@code hdf5} Spark source against h5py reading the same datasets
 * of the same files, for many small batch files and for a few large ones. Prints a table.
 *
 * <pre>
 * java $SPARK_OPENS -cp ... io.kakehashi.bench.hdf5.Hdf5IngestBench \
 *     --dir /tmp/kk-hdf5-bench --small-files 1000 --small-rows 1000 --big-files 4 --big-mb 1024 --repeat 2
 * </pre>
 *
 * Files are written once by {@code /usr/bin/python3} + h5py (the reference C library) in the
 * campaign's layout: 1-D datasets candidate_id, x_cu, x_ni, x_co, x_fe, energy_per_atom,
 * mixing_energy and a 2-D int8 occupation (rows x 32); large files are chunked (65,536 rows).
 */
public final class Hdf5IngestBench {
  private static final String PYTHON = "/usr/bin/python3";

  /** Writes the files; argv: dir files rows chunk_rows compression. */
  private static final String WRITE = """
      import os, sys
      import h5py, numpy as np
      out, files, rows, chunk, comp = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
      os.makedirs(out, exist_ok=True)
      rng = np.random.default_rng(0)
      for i in range(files):
          with h5py.File(os.path.join(out, "batch-%05d.h5" % i), "w") as f:
              opts = {}
              if chunk > 0:
                  opts["chunks"] = True
                  if comp == "gzip":
                      opts.update(compression="gzip", compression_opts=1, shuffle=True)
              def put(name, data):
                  if chunk > 0:
                      o = dict(opts, chunks=(min(chunk, len(data)),) + data.shape[1:])
                      f.create_dataset(name, data=data, **o)
                  else:
                      f.create_dataset(name, data=data)
              put("candidate_id", np.arange(i * rows, (i + 1) * rows, dtype=np.int64))
              x = rng.dirichlet(np.ones(4), rows)
              for j, el in enumerate(["cu", "ni", "co", "fe"]):
                  put("x_" + el, x[:, j].copy())
              put("energy_per_atom", rng.normal(-3.5, 0.2, rows))
              put("mixing_energy", rng.normal(0.0, 0.05, rows))
              put("occupation", rng.integers(0, 4, (rows, 32)).astype(np.int8))
      """;

  /** Reads every dataset of every file fully; prints rows, bytes, seconds, peak RSS in KiB (VmHWM: ru_maxrss would include the JVM it was forked from). */
  private static final String READ = """
      import glob, json, os, sys, time
      import h5py
      files = sorted(glob.glob(os.path.join(sys.argv[1], "*.h5")))
      t = time.perf_counter()
      rows = 0
      nbytes = 0
      for path in files:
          with h5py.File(path, "r") as f:
              for name in f:
                  a = f[name][...]
                  nbytes += a.nbytes
              rows += a.shape[0]
      s = time.perf_counter() - t
      print(json.dumps({"rows": rows, "bytes": nbytes, "seconds": s,
                        "peak_rss_kib": int([l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1])}))
      """;

  private record Result(String shape, String reader, long rows, long bytes, double seconds, String memory) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = parse(args);
    Path dir = Path.of(a.getOrDefault("dir", "/tmp/kakehashi-hdf5-bench"));
    int smallFiles = Integer.parseInt(a.getOrDefault("small-files", "1000"));
    int smallRows = Integer.parseInt(a.getOrDefault("small-rows", "1000"));
    int bigFiles = Integer.parseInt(a.getOrDefault("big-files", "4"));
    long bigMb = Long.parseLong(a.getOrDefault("big-mb", "1024"));
    String compression = a.getOrDefault("compression", "none");
    int repeat = Integer.parseInt(a.getOrDefault("repeat", "2"));
    long rowBytes = 8 + 4 * 8 + 8 + 8 + 32;
    long bigRows = bigFiles == 0 ? 0 : bigMb * 1024 * 1024 / rowBytes / bigFiles;

    Path small = dir.resolve("small-" + smallFiles + "x" + smallRows);
    Path big = dir.resolve("big-" + bigFiles + "x" + bigRows + "-" + compression);
    if (smallFiles > 0) write(small, smallFiles, smallRows, 0, "none");
    if (bigFiles > 0) write(big, bigFiles, bigRows, 65536, compression);

    SparkSession spark = SparkSessions.shared();
    spark.sparkContext().setLogLevel("WARN");
    List<Result> results = new ArrayList<>();
    for (Path shape : smallFiles > 0 && bigFiles > 0 ? List.of(small, big) : List.of(smallFiles > 0 ? small : big)) {
      Result bestColumnar = null;
      Result bestRows = null;
      Result bestPython = null;
      for (int r = 0; r < repeat; r++) {
        Result c = spark(spark, shape, true);
        Result s = spark(spark, shape, false);
        Result p = h5py(shape);
        if (bestColumnar == null || c.seconds() < bestColumnar.seconds()) bestColumnar = c;
        if (bestRows == null || s.seconds() < bestRows.seconds()) bestRows = s;
        if (bestPython == null || p.seconds() < bestPython.seconds()) bestPython = p;
      }
      results.add(bestColumnar);
      results.add(bestRows);
      results.add(bestPython);
    }
    print(results, repeat, spark.sparkContext().defaultParallelism());
    SparkSessions.stop();
  }

  /**
   * Reads every column of every file into Spark. {@code columnar}: the scan's column batches,
   * as a columnar consumer sees them; otherwise as rows (Spark's noop sink materialises every
   * row, which is what a row-based writer such as Parquet's pays on top).
   */
  private static Result spark(SparkSession spark, Path shape, boolean columnar) throws IOException {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
    long t = System.nanoTime();
    Dataset<Row> df = spark.read().format("hdf5").load(shape.toString());
    long rows = -1;
    if (columnar) {
      SparkPlan scan = CollectionConverters.asJava(df.queryExecution().executedPlan().collectLeaves()).get(0);
      rows = scan.executeColumnar().toJavaRDD().map(b -> (long) b.numRows()).reduce(Long::sum);
    } else {
      df.write().format("noop").mode("overwrite").save();
    }
    double seconds = (System.nanoTime() - t) / 1e9;
    if (rows < 0) rows = spark.read().format("hdf5").load(shape.toString()).count();
    long heap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) heap += pool.getPeakUsage().getUsed();
    }
    String memory = String.format(Locale.ROOT, "heap %d MiB, rss %d MiB", heap >> 20, peakRssKib() >> 10);
    return new Result(shape.getFileName().toString(), columnar ? "spark batches" : "spark rows", rows, rows * (8 + 4 * 8 + 8 + 8 + 32),
        seconds, memory);
  }

  private static Result h5py(Path shape) throws IOException, InterruptedException {
    Path script = Files.createTempFile("h5read", ".py");
    Files.writeString(script, READ);
    Process p = new ProcessBuilder(PYTHON, script.toString(), shape.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) throw new IllegalStateException("h5py reader failed: " + out);
    Files.delete(script);
    JsonNode j = new ObjectMapper().readTree(out);
    return new Result(shape.getFileName().toString(), "h5py", j.get("rows").asLong(), j.get("bytes").asLong(),
        j.get("seconds").asDouble(), "rss " + (j.get("peak_rss_kib").asLong() >> 10) + " MiB");
  }

  private static void write(Path out, int files, long rows, int chunk, String compression)
      throws IOException, InterruptedException {
    if (Files.isDirectory(out)) {
      try (Stream<Path> s = Files.list(out)) {
        if (s.filter(f -> f.toString().endsWith(".h5")).count() == files) return; // written by an earlier run
      }
    }
    Path script = Files.createTempFile("h5write", ".py");
    Files.writeString(script, WRITE);
    System.err.printf("writing %d files of %d rows into %s%n", files, rows, out);
    Process p = new ProcessBuilder(PYTHON, script.toString(), out.toString(), Integer.toString(files),
        Long.toString(rows), Integer.toString(chunk), compression).inheritIO().start();
    if (p.waitFor() != 0) throw new IllegalStateException("fixture writer failed");
    Files.delete(script);
  }

  /** The process's peak resident set (VmHWM), which includes the JVM and Spark themselves. */
  private static long peakRssKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
    return -1;
  }

  private static void print(List<Result> results, int repeat, int cores) {
    System.out.printf(Locale.ROOT, "HDF5 ingest, best of %d runs, Spark local[%d], h5py single process%n", repeat, cores);
    System.out.printf(Locale.ROOT, "%-28s %-13s %12s %10s %12s %9s %8s  %s%n",
        "shape", "reader", "rows", "seconds", "rows/s", "MB/s", "vs h5py", "peak memory");
    results.sort(Comparator.comparing(Result::shape));
    for (Result r : results) {
      Result py = results.stream().filter(x -> x.shape().equals(r.shape()) && x.reader().equals("h5py")).findFirst()
          .orElseThrow();
      System.out.printf(Locale.ROOT, "%-28s %-13s %12d %10.2f %12.0f %9.1f %7.2fx  %s%n",
          r.shape(), r.reader(), r.rows(), r.seconds(), r.rows() / r.seconds(), r.bytes() / 1e6 / r.seconds(),
          py.seconds() / r.seconds(), r.memory());
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", args));
      }
      m.put(args[i].substring(2), args[++i]);
    }
    return m;
  }
}
