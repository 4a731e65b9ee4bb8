package io.kakehashi.workflow;

/** What the engine does with the rest of the run once a point has failed for good. */
public enum FailureMode {
  /** Launch nothing new, let running points finish, then stop. */
  STOP_ALL,
  /** Keep running every point that does not depend on the failed one. */
  CONTINUE_INDEPENDENT
}
