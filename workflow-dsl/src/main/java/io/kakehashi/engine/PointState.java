package io.kakehashi.engine;

/**
 * Where one point of a run stands. A point moves forward only:
 *
 * <pre>
 * WAITING ──inputs done──▶ READY ──dispatched──▶ SUBMITTED ──started──▶ RUNNING ──▶ SUCCEEDED
 *    │                       ▲                      │                      │
 *    │                       └── RETRY_WAIT ◀───────┴──── failed, retried ─┘
 *    ├──result reused─────────────────────────────────────────────────────────────▶ CACHED
 *    └──an upstream point failed, or the run stopped (from any state not ended)──▶ SKIPPED
 *                                          failed for good (from SUBMITTED, RUNNING) ─▶ FAILED
 * </pre>
 */
enum PointState {
  /** Planned; some upstream point has not completed yet. */
  WAITING,
  /** Every input is there; queued for its executor until capacity allows. */
  READY,
  /** Failed and will run again once its retry delay has passed. */
  RETRY_WAIT,
  /** Handed to an executor (or being re-attached to one after a resume). */
  SUBMITTED,
  /** The executor says it runs. */
  RUNNING,
  /** Ran and its outputs are published. Ended. */
  SUCCEEDED,
  /** A completed result with its fingerprint was reused: it does not run. Ended. */
  CACHED,
  /** Failed and will not be retried. Ended. */
  FAILED,
  /** Will not run: an upstream point failed or the run was stopped. Ended. */
  SKIPPED;

  /** Whether the point's outputs are there for what depends on it. */
  boolean done() {
    return this == SUCCEEDED || this == CACHED;
  }

  boolean ended() {
    return done() || this == FAILED || this == SKIPPED;
  }
}
