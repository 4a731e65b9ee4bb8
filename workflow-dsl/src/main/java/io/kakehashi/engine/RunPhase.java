package io.kakehashi.engine;

/**
 * Where a run stands; the run loop ({@link Run}) moves between these at the top of each turn,
 * outcome handling moves a running run to {@link #FAILING}.
 *
 * <pre>
 * RUNNING ──cancel requested──▶ CANCELLING ─┐
 *    │                                       ├──detach requested──▶ DETACHING
 *    └──a point failed for good, STOP_ALL──▶ FAILING ─┘
 * </pre>
 *
 * The run ends once nothing runs and, while {@code RUNNING}, nothing is ready or waiting to retry.
 */
enum RunPhase {
  /** Ready points are dispatched as capacity allows; failed points are retried by their policy. */
  RUNNING,
  /** The running points were told to cancel; nothing new starts and nothing is retried. */
  CANCELLING,
  /**
   * A point failed for good and the workflow stops at the first failure: nothing new starts and
   * nothing is retried, the running points finish. A cancel then changes nothing (they still finish).
   */
  FAILING,
  /** The running points are left to run, for a later resume to re-attach: the run ends at once. */
  DETACHING;

  /** Whether points may still be launched and retried. */
  boolean launching() {
    return this == RUNNING;
  }
}
