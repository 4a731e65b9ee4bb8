package io.kakehashi.workflow;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What a function step sees of its point: parameters, inputs, a work directory, a place for values. */
public interface StepContext {
  String stepName();

  int pointIndex();

  Params params();

  /**
   * The point's own directory, created on first use. Files written here are published
   * atomically when the function returns normally.
   */
  Path workDir();

  /** The files of input {@code name}: one per upstream point it draws from. */
  List<Path> inputFiles(String name);

  /** The single file of input {@code name}; an error if it has several. */
  Path inputFile(String name);

  /** The values the upstream points of input {@code name} recorded, one map per point. */
  List<Map<String, Object>> inputValues(String name);

  /** The parameters of the upstream points of input {@code name}, in the same order. */
  List<Params> inputParams(String name);

  /** Records a small value (number, string, boolean, list or map of those) as a result of this point. */
  void value(String key, Object value);

  /** Reports progress in [0,1] for long points; shown by the CLI. */
  void progress(double fraction);
}
