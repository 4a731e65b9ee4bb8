package io.kakehashi.examples.alloy;

import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.StepContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A step point run by hand: its parameters, a work directory, input files given by the test, recorded values. */
final class DirectoryContext implements StepContext {
  private final String step;
  private final Params params;
  private final Path workDir;
  private final Map<String, List<Path>> inputs;
  final Map<String, Object> values = new LinkedHashMap<>();

  DirectoryContext(String step, Params params, Path workDir, Map<String, List<Path>> inputs) {
    this.step = step;
    this.params = params;
    this.workDir = workDir;
    this.inputs = inputs;
  }

  @Override
  public String stepName() {
    return step;
  }

  @Override
  public int pointIndex() {
    return 0;
  }

  @Override
  public Params params() {
    return params;
  }

  @Override
  public Path workDir() {
    try {
      return Files.createDirectories(workDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public List<Path> inputFiles(String name) {
    List<Path> files = inputs.get(name);
    if (files == null) throw new IllegalArgumentException("step " + step + " has no input '" + name + "'");
    return files;
  }

  @Override
  public Path inputFile(String name) {
    List<Path> files = inputFiles(name);
    if (files.size() != 1) throw new IllegalArgumentException("input '" + name + "' has " + files.size() + " files");
    return files.get(0);
  }

  @Override
  public List<Map<String, Object>> inputValues(String name) {
    throw new UnsupportedOperationException("values of inputs are not used by the alloy steps");
  }

  @Override
  public List<Params> inputParams(String name) {
    throw new UnsupportedOperationException("parameters of inputs are not used by the alloy steps");
  }

  @Override
  public void value(String key, Object value) {
    values.put(key, value);
  }

  @Override
  public void progress(double fraction) {}
}
