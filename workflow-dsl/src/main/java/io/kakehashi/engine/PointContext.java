package io.kakehashi.engine;

import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.StepContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleConsumer;

/** The engine's {@link StepContext}: inputs resolved from upstream results, values collected for the store. */
final class PointContext implements StepContext {
  /** What one input of the point reads: upstream files, values and parameters, one entry per upstream point. */
  record InputData(List<Path> files, List<Map<String, Object>> values, List<Params> params) {}

  private final String step;
  private final int index;
  private final Params params;
  private final Path workDir;
  private final Map<String, InputData> inputs;
  private final Map<String, Object> values = new ConcurrentHashMap<>();
  private final DoubleConsumer progress;

  PointContext(String step, int index, Params params, Path workDir, Map<String, InputData> inputs,
               DoubleConsumer progress) {
    this.step = step;
    this.index = index;
    this.params = params;
    this.workDir = workDir;
    this.inputs = inputs;
    this.progress = progress;
  }

  @Override
  public String stepName() {
    return step;
  }

  @Override
  public int pointIndex() {
    return index;
  }

  @Override
  public Params params() {
    return params;
  }

  private volatile boolean workDirUsed;

  @Override
  public Path workDir() {
    workDirUsed = true;
    try {
      return Files.createDirectories(workDir);
    } catch (IOException e) {
      throw new UncheckedIOException("step '" + step + "' point " + index + ": cannot create work dir " + workDir, e);
    }
  }

  /** Whether the function asked for its directory (most in-process points never do: no file system call then). */
  boolean usedWorkDir() {
    return workDirUsed && Files.isDirectory(workDir);
  }

  private InputData input(String name) {
    InputData d = inputs.get(name);
    if (d == null) {
      throw new IllegalArgumentException("step '" + step + "' has no input '" + name + "' (declared: " + inputs.keySet() + ")");
    }
    return d;
  }

  @Override
  public List<Path> inputFiles(String name) {
    return input(name).files();
  }

  @Override
  public Path inputFile(String name) {
    List<Path> files = inputFiles(name);
    if (files.size() != 1) {
      throw new IllegalStateException("step '" + step + "': input '" + name + "' has " + files.size()
          + " files; use inputFiles(\"" + name + "\")");
    }
    return files.get(0);
  }

  @Override
  public List<Map<String, Object>> inputValues(String name) {
    return input(name).values();
  }

  @Override
  public List<Params> inputParams(String name) {
    return input(name).params();
  }

  @Override
  public void value(String key, Object value) {
    values.put(key, value);
  }

  Map<String, Object> values() {
    if (values.isEmpty()) return Map.of();
    return new LinkedHashMap<>(new TreeMap<>(values));
  }

  @Override
  public void progress(double fraction) {
    progress.accept(fraction);
  }
}
