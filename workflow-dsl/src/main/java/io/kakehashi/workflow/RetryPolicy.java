package io.kakehashi.workflow;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * How often a point is tried and which failures deserve another try.
 *
 * <p>Only the point's own failures count against {@code maxAttempts}, and only within one
 * engine's life: an attempt ended by the engine's death ({@code kill -9}, found
 * {@link FailureKind#LOST} on resume) or by {@code cancel} says nothing about the step, so the
 * point is tried again on resume whatever its count, under the next attempt number (attempts are
 * numbered on across resumes, and every one stays in the run's history). A resume also gives
 * failed points a fresh allowance: resuming a failed run is a request to try them again.
 *
 * @param maxAttempts attempts in all within one engine's life, 1 meaning no retry
 * @param backoff wait before the second attempt
 * @param backoffFactor multiplier applied to the wait before each later attempt
 * @param retryOn the failure kinds that are retried; others fail the point at once
 * @param walltimeFactor multiplies the walltime after a {@link FailureKind#TIMEOUT}
 * @param memoryFactor multiplies the memory after a {@link FailureKind#OUT_OF_MEMORY}
 */
public record RetryPolicy(int maxAttempts, Duration backoff, double backoffFactor,
                          Set<FailureKind> retryOn, double walltimeFactor, double memoryFactor) {
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, 1.0,
      EnumSet.noneOf(FailureKind.class), 1.0, 1.0);

  /** Failures that say nothing about the step itself: worth another try by default. */
  public static final Set<FailureKind> TRANSIENT = EnumSet.of(FailureKind.NODE_FAIL,
      FailureKind.PREEMPTED, FailureKind.BOOT_FAIL, FailureKind.LOST, FailureKind.EXECUTOR_ERROR);

  public RetryPolicy {
    if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    retryOn = retryOn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(retryOn));
    if (backoff == null) backoff = Duration.ZERO;
  }

  public static RetryPolicy attempts(int maxAttempts) {
    return new RetryPolicy(maxAttempts, Duration.ofSeconds(1), 2.0, EnumSet.allOf(FailureKind.class),
        1.0, 1.0);
  }

  public RetryPolicy withBackoff(Duration first, double factor) {
    return new RetryPolicy(maxAttempts, first, factor, retryOn, walltimeFactor, memoryFactor);
  }

  public RetryPolicy retryingOn(Set<FailureKind> kinds) {
    return new RetryPolicy(maxAttempts, backoff, backoffFactor, kinds, walltimeFactor, memoryFactor);
  }

  /** After a timeout, give the next attempt {@code factor} times the walltime. */
  public RetryPolicy escalatingWalltime(double factor) {
    return new RetryPolicy(maxAttempts, backoff, backoffFactor, retryOn, factor, memoryFactor);
  }

  /** After running out of memory, give the next attempt {@code factor} times the memory. */
  public RetryPolicy escalatingMemory(double factor) {
    return new RetryPolicy(maxAttempts, backoff, backoffFactor, retryOn, walltimeFactor, factor);
  }

  public boolean retries(FailureKind kind, int attemptsSoFar) {
    return attemptsSoFar < maxAttempts && retryOn.contains(kind);
  }

  /** The wait before attempt number {@code nextAttempt} (2 for the first retry). */
  public Duration delayBefore(int nextAttempt) {
    double millis = backoff.toMillis() * Math.pow(backoffFactor, Math.max(0, nextAttempt - 2));
    return Duration.ofMillis((long) Math.min(millis, 3_600_000));
  }

  /** The resources for the attempt that follows a failure of the given kind. */
  public Resources escalate(Resources r, FailureKind after) {
    if (after == FailureKind.TIMEOUT && walltimeFactor > 1.0 && !r.walltime().isZero()) {
      return r.withWalltime(Duration.ofMillis((long) (r.walltime().toMillis() * walltimeFactor)));
    }
    if (after == FailureKind.OUT_OF_MEMORY && memoryFactor > 1.0 && r.memoryMb() > 0) {
      return r.withMemoryMb((long) Math.ceil(r.memoryMb() * memoryFactor));
    }
    return r;
  }
}
