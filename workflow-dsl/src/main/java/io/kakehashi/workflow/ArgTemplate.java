package io.kakehashi.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One argument of a command or MPI step, parsed into literal text and {@code ${...}} references:
 * {@code ${name}} a sweep parameter, {@code ${inputs.x}} the files of input x, {@code ${workdir}}
 * the attempt's work directory. Validation and expansion both read arguments through this one
 * parser, so they cannot disagree on what an argument refers to.
 *
 * @param arg the argument as written
 * @param parts the literal text and references, in order, up to an unclosed {@code ${}
 * @param unclosed whether a {@code ${} has no closing brace (the rest of the argument is then not parsed)
 */
public record ArgTemplate(String arg, List<Part> parts, boolean unclosed) {
  public ArgTemplate {
    parts = List.copyOf(parts);
  }

  /** A piece of an argument. */
  public sealed interface Part {}

  /** Text copied as it is. */
  public record Literal(String text) implements Part {}

  /** {@code ${name}}: the value of the point's parameter {@code name}. */
  public record Param(String name) implements Part {}

  /** {@code ${inputs.name}}: the file(s) of input {@code name}. */
  public record InputFiles(String name) implements Part {}

  /** {@code ${workdir}}: the attempt's work directory. */
  public record WorkDir() implements Part {}

  private static final String INPUTS = "inputs.";

  public static ArgTemplate parse(String arg) {
    List<Part> parts = new ArrayList<>();
    int i = 0;
    while (true) {
      int start = arg.indexOf("${", i);
      if (start < 0) break;
      int end = arg.indexOf('}', start);
      if (end < 0) return new ArgTemplate(arg, withLiteral(parts, arg.substring(i, start)), true);
      withLiteral(parts, arg.substring(i, start));
      String ref = arg.substring(start + 2, end);
      parts.add(ref.equals("workdir") ? new WorkDir()
          : ref.startsWith(INPUTS) ? new InputFiles(ref.substring(INPUTS.length()))
          : new Param(ref));
      i = end + 1;
    }
    return new ArgTemplate(arg, withLiteral(parts, arg.substring(i)), false);
  }

  private static List<Part> withLiteral(List<Part> parts, String text) {
    if (!text.isEmpty()) parts.add(new Literal(text));
    return parts;
  }

  /** Whether the argument refers to anything at all (most arguments are plain text). */
  public static boolean hasReferences(String arg) {
    return arg.contains("${");
  }

  /**
   * The input whose files the argument is, when it is exactly {@code ${inputs.x}}: such an
   * argument becomes one argument per file, where inside a longer argument the input must have
   * exactly one file.
   */
  public Optional<String> wholeInput() {
    if (arg.startsWith("${" + INPUTS) && arg.endsWith("}") && arg.indexOf("${", 1) < 0) {
      return Optional.of(arg.substring(2 + INPUTS.length(), arg.length() - 1));
    }
    return Optional.empty();
  }
}
