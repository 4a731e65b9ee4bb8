package io.kakehashi.engine;

import io.kakehashi.workflow.ArgTemplate;
import io.kakehashi.workflow.Params;
import io.kakehashi.workflow.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Expands argument templates ({@link ArgTemplate}) into an argument vector. A template that is
 * exactly {@code ${inputs.x}} becomes one argument per file of input x; inside a longer argument an
 * input must have exactly one file. Values are substituted as data, never parsed by a shell.
 */
final class Templates {
  private Templates() {}

  static List<String> expand(Step step, Params params, Map<String, PointContext.InputData> inputs, Path workDir) {
    List<String> out = new ArrayList<>();
    for (String arg : step.action().args()) {
      ArgTemplate template = ArgTemplate.parse(arg);
      String whole = template.wholeInput().orElse(null);
      if (whole != null) {
        for (Path p : files(step, inputs, whole)) out.add(p.toString());
        continue;
      }
      out.add(substitute(step, template, params, inputs, workDir));
    }
    return out;
  }

  private static String substitute(Step step, ArgTemplate template, Params params,
                                   Map<String, PointContext.InputData> inputs, Path workDir) {
    String arg = template.arg();
    StringBuilder sb = new StringBuilder();
    for (ArgTemplate.Part part : template.parts()) {
      if (part instanceof ArgTemplate.Literal l) {
        sb.append(l.text());
      } else if (part instanceof ArgTemplate.WorkDir) {
        sb.append(workDir);
      } else if (part instanceof ArgTemplate.InputFiles in) {
        List<Path> files = files(step, inputs, in.name());
        if (files.size() != 1) {
          throw new IllegalArgumentException("step '" + step.name() + "': '" + arg + "' needs one file but input '"
              + in.name() + "' has " + files.size() + "; write it as a whole argument");
        }
        sb.append(files.get(0));
      } else if (part instanceof ArgTemplate.Param p) {
        if (!params.has(p.name())) {
          throw new IllegalArgumentException("step '" + step.name() + "': argument '" + arg + "' uses parameter '"
              + p.name() + "', which this point does not have (it has " + params.values().keySet() + ")");
        }
        sb.append(Params.format(params.get(p.name())));
      }
    }
    if (template.unclosed()) {
      throw new IllegalArgumentException("step '" + step.name() + "': unclosed '${' in '" + arg + "'");
    }
    return sb.toString();
  }

  private static List<Path> files(Step step, Map<String, PointContext.InputData> inputs, String name) {
    PointContext.InputData d = inputs.get(name);
    if (d == null) throw new IllegalArgumentException("step '" + step.name() + "' has no input '" + name + "'");
    return d.files();
  }
}
