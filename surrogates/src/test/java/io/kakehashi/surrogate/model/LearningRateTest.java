package io.kakehashi.surrogate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

class LearningRateTest {
  @Test
  void linearFallsToZeroOverTheTrainingsEpochs() {
    LearningRate rate = LearningRate.linear(3e-3, 400);
    assertEquals(3e-3, rate.at(0), 1e-15);
    assertEquals(1.5e-3, rate.at(200), 1e-15);
    assertEquals(3e-3 / 400, rate.at(399), 1e-15, "the last epoch still moves");
    assertEquals(0.0, rate.at(400));
  }

  @Test
  void dl4jsScheduleGivesTheSameRatePerEpoch() {
    for (LearningRate rate : new LearningRate[] {LearningRate.linear(3e-3, 400), LearningRate.exponential(3e-3, 0.99),
        LearningRate.step(1e-2, 0.5, 10), LearningRate.constant(1e-3)}) {
      Adam adam = rate.toAdam();
      for (int epoch : new int[] {0, 1, 57, 399}) {
        double dl4j = adam.getLearningRateSchedule() == null ? adam.getLearningRate()
            : adam.getLearningRateSchedule().valueAt(12_345, epoch);
        assertEquals(rate.at(epoch), dl4j, 1e-12, rate + " at epoch " + epoch);
      }
    }
  }

  @Test
  void aLinearRateNeedsItsEpochs() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearningRate.linear(1e-3, 0));
    assertTrue(e.getMessage().contains("linear learning rate needs everyEpochs > 0"), e.getMessage());
  }
}
