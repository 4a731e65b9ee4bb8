package io.kakehashi.surrogate.step;

import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.StepContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link StepContext} for running one function step by hand: given inputs, recorded values. */
final class RecordingContext implements StepContext {
  final Map<String, Object> values = new LinkedHashMap<>();
  private final String step;
  private final Path workDir;
  private final Map<String, List<Path>> files = new LinkedHashMap<>();
  private final Map<String, List<Map<String, Object>>> upstreamValues = new LinkedHashMap<>();
  private final Map<String, List<Params>> upstreamParams = new LinkedHashMap<>();

  RecordingContext(String step, Path workDir) {
    this.step = step;
    this.workDir = workDir;
  }

  RecordingContext input(String name, List<Path> paths, List<Map<String, Object>> vals) {
    files.put(name, paths);
    upstreamValues.put(name, vals);
    return this;
  }

  RecordingContext inputPoints(String name, List<Params> params, List<Map<String, Object>> vals) {
    upstreamParams.put(name, params);
    upstreamValues.put(name, vals);
    return this;
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
    return Params.EMPTY;
  }

  @Override
  public Path workDir() {
    return workDir;
  }

  @Override
  public List<Path> inputFiles(String name) {
    return files.getOrDefault(name, List.of());
  }

  @Override
  public Path inputFile(String name) {
    List<Path> f = inputFiles(name);
    if (f.size() != 1) throw new IllegalStateException(name + " has " + f.size() + " files");
    return f.get(0);
  }

  @Override
  public List<Map<String, Object>> inputValues(String name) {
    return upstreamValues.getOrDefault(name, List.of());
  }

  @Override
  public List<Params> inputParams(String name) {
    return upstreamParams.getOrDefault(name, inputValues(name).stream().map(v -> Params.EMPTY).toList());
  }

  @Override
  public void value(String key, Object value) {
    values.put(key, value);
  }

  @Override
  public void progress(double fraction) {}
}
