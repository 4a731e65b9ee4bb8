package io.kakehashi.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void escalatesWalltimeAfterATimeoutAndMemoryAfterOom() {
    RetryPolicy p = RetryPolicy.attempts(3).escalatingWalltime(2.0).escalatingMemory(1.5);
    Resources r = Resources.cores(4).withWalltime(Duration.ofMinutes(10)).withMemoryMb(1000);
    assertEquals(Duration.ofMinutes(20), p.escalate(r, FailureKind.TIMEOUT).walltime());
    assertEquals(1500, p.escalate(r, FailureKind.OUT_OF_MEMORY).memoryMb());
    assertEquals(r, p.escalate(r, FailureKind.EXIT_CODE));
  }

  @Test
  void backoffGrowsGeometricallyAndRetriesStopAtTheLimit() {
    RetryPolicy p = RetryPolicy.attempts(3).withBackoff(Duration.ofSeconds(2), 3.0)
        .retryingOn(EnumSet.of(FailureKind.NODE_FAIL));
    assertEquals(Duration.ofSeconds(2), p.delayBefore(2));
    assertEquals(Duration.ofSeconds(6), p.delayBefore(3));
    assertTrue(p.retries(FailureKind.NODE_FAIL, 2));
    assertFalse(p.retries(FailureKind.NODE_FAIL, 3));
    assertFalse(p.retries(FailureKind.EXIT_CODE, 1));
  }
}
