package io.kakehashi.workflow;

import java.util.Objects;

/**
 * A step's use of another step's result. {@code output} names one declared output file of the
 * upstream step, or is null to depend on its values only.
 *
 * <p>When both steps are swept with the same number of points and the mode is {@link Mode#AUTO},
 * point i reads upstream point i; otherwise each point gathers all upstream points.
 */
public record Input(String step, String output, Mode mode) {
  public enum Mode { AUTO, GATHER }

  public Input {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(mode, "mode");
  }

  public static Input of(String step, String output) {
    return new Input(step, output, Mode.AUTO);
  }

  public static Input values(String step) {
    return new Input(step, null, Mode.AUTO);
  }

  public static Input gather(String step, String output) {
    return new Input(step, output, Mode.GATHER);
  }

  public static Input gatherValues(String step) {
    return new Input(step, null, Mode.GATHER);
  }
}
