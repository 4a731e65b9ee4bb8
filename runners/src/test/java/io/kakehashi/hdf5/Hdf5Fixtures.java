package io.kakehashi.hdf5;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * HDF5 test files written by the reference C library: runs {@code make_fixtures.py} with Debian's
 * {@code /usr/bin/python3} (which has h5py) and reads back the values it wrote.
 */
public final class Hdf5Fixtures {
  public static final String PYTHON = "/usr/bin/python3";

  private Hdf5Fixtures() {}

  /** Writes the fixtures into {@code dir}; returns {@code dir}. */
  public static Path write(Path dir) throws IOException, InterruptedException {
    return run("make_fixtures.py", dir);
  }

  /** Runs the test resource {@code /hdf5/<script>} with {@code dir} as its output folder; returns {@code dir}. */
  public static Path run(String scriptName, Path dir) throws IOException, InterruptedException {
    Path script = dir.resolve(scriptName);
    try (InputStream in = Hdf5Fixtures.class.getResourceAsStream("/hdf5/" + scriptName)) {
      Files.copy(in, script);
    }
    Process p = new ProcessBuilder(PYTHON, script.toString(), dir.toString())
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(scriptName + " failed: " + output);
    }
    return dir;
  }

  /** What h5py wrote: {@code {file: {datasets: {name: values}, attributes: {name: value}}}}. */
  public static JsonNode expected(Path dir) throws IOException {
    return new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
  }
}
