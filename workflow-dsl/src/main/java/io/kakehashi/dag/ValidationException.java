package io.kakehashi.dag;

import java.util.List;
import java.util.stream.Collectors;

/** A workflow that cannot run; the message lists every problem, one per line. */
public final class ValidationException extends RuntimeException {
  private final List<Problem> problems;

  public ValidationException(String workflow, List<Problem> problems) {
    super("workflow '" + workflow + "' is invalid:\n" + problems.stream()
        .map(p -> "  - " + p).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
