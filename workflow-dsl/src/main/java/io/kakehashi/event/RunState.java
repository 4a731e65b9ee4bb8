package io.kakehashi.event;

public enum RunState {
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** Stopped by Ctrl-C, SIGTERM or {@code kakehashi cancel}; {@code resume} continues it. */
  CANCELLED,
  /** The engine stopped without recording an end (killed); {@code resume} continues it. */
  INTERRUPTED
}
