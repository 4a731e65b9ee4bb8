package io.kakehashi.slurm;

import io.kakehashi.workflow.FailureKind;
import java.util.Locale;

/** A Slurm job's base state, and what a terminal one means to the engine's retry policy. */
public enum JobState {
  PENDING, CONFIGURING, RUNNING, SUSPENDED, COMPLETING, REQUEUED, RESIZING,
  COMPLETED, FAILED, TIMEOUT, CANCELLED, NODE_FAIL, PREEMPTED, OUT_OF_MEMORY, BOOT_FAIL, DEADLINE,
  /** A state this client does not know; treated as not yet ended. */
  UNKNOWN;

  public static JobState parse(String text) {
    if (text == null) return UNKNOWN;
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return UNKNOWN;
    }
  }

  public boolean terminal() {
    return ordinal() >= COMPLETED.ordinal() && this != UNKNOWN;
  }

  public boolean started() {
    return this == RUNNING || this == COMPLETING || this == SUSPENDED || terminal();
  }

  /** The failure kind of a terminal state; null for COMPLETED and for states that have not ended. */
  public FailureKind failureKind() {
    return switch (this) {
      case FAILED -> FailureKind.EXIT_CODE;
      case TIMEOUT -> FailureKind.TIMEOUT;
      case CANCELLED -> FailureKind.CANCELLED;
      case NODE_FAIL -> FailureKind.NODE_FAIL;
      case PREEMPTED -> FailureKind.PREEMPTED;
      case OUT_OF_MEMORY -> FailureKind.OUT_OF_MEMORY;
      case BOOT_FAIL -> FailureKind.BOOT_FAIL;
      case DEADLINE -> FailureKind.DEADLINE;
      default -> null;
    };
  }
}
