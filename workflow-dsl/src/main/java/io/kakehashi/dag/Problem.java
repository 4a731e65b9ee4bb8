package io.kakehashi.dag;

/** One thing wrong with a workflow definition, naming the step it concerns. */
public record Problem(String step, String message) {
  @Override
  public String toString() {
    return step == null ? message : "step '" + step + "': " + message;
  }
}
