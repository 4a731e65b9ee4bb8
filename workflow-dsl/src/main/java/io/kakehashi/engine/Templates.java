package io.kakehashi.engine;

import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Expands argument templates into an argument vector. A template that is exactly
 * {@code ${inputs.x}} becomes one argument per file of input x; inside a longer argument an input
 * must have exactly one file. Values are substituted as data, never parsed by a shell.
 */
final class Templates {
  private Templates() {}

  static List<String> expand(Step step, Params params, Map<String, PointContext.InputData> inputs, Path workDir) {
    List<String> out = new ArrayList<>();
    for (String arg : step.action().args()) {
      if (arg.startsWith("${inputs.") && arg.endsWith("}") && arg.indexOf("${", 1) < 0) {
        for (Path p : files(step, inputs, arg.substring(9, arg.length() - 1))) out.add(p.toString());
        continue;
      }
      out.add(substitute(step, arg, params, inputs, workDir));
    }
    return out;
  }

  private static String substitute(Step step, String arg, Params params, Map<String, PointContext.InputData> inputs,
                                   Path workDir) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (true) {
      int start = arg.indexOf("${", i);
      if (start < 0) break;
      int end = arg.indexOf('}', start);
      if (end < 0) throw new IllegalArgumentException("step '" + step.name() + "': unclosed '${' in '" + arg + "'");
      sb.append(arg, i, start);
      String ref = arg.substring(start + 2, end);
      if (ref.equals("workdir")) {
        sb.append(workDir);
      } else if (ref.startsWith("inputs.")) {
        List<Path> files = files(step, inputs, ref.substring(7));
        if (files.size() != 1) {
          throw new IllegalArgumentException("step '" + step.name() + "': '" + arg + "' needs one file but input '"
              + ref.substring(7) + "' has " + files.size() + "; write it as a whole argument");
        }
        sb.append(files.get(0));
      } else if (params.has(ref)) {
        sb.append(Params.format(params.get(ref)));
      } else {
        throw new IllegalArgumentException("step '" + step.name() + "': argument '" + arg + "' uses parameter '" + ref
            + "', which this point does not have (it has " + params.values().keySet() + ")");
      }
      i = end + 1;
    }
    sb.append(arg.substring(i));
    return sb.toString();
  }

  private static List<Path> files(Step step, Map<String, PointContext.InputData> inputs, String name) {
    PointContext.InputData d = inputs.get(name);
    if (d == null) throw new IllegalArgumentException("step '" + step.name() + "' has no input '" + name + "'");
    return d.files();
  }
}
