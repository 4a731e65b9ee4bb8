package io.kakehashi.surrogate.model;

import java.io.Serializable;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * A learning rate that may decay with the epoch: constant, exponential ({@code initial * gamma^epoch})
 * or in steps ({@code initial * gamma^floor(epoch / everyEpochs)}).
 */
public record LearningRate(Kind kind, double initial, double gamma, int everyEpochs) implements Serializable {
  public enum Kind { CONSTANT, EXPONENTIAL, STEP }

  public LearningRate {
    if (!(initial > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + initial);
    if (kind != Kind.CONSTANT && !(gamma > 0 && gamma <= 1)) {
      throw new IllegalArgumentException("learning-rate decay gamma must be in (0, 1], got " + gamma);
    }
    if (kind == Kind.STEP && everyEpochs <= 0) {
      throw new IllegalArgumentException("step learning rate needs everyEpochs > 0, got " + everyEpochs);
    }
  }

  public static LearningRate constant(double rate) {
    return new LearningRate(Kind.CONSTANT, rate, 1, 1);
  }

  public static LearningRate exponential(double initial, double gammaPerEpoch) {
    return new LearningRate(Kind.EXPONENTIAL, initial, gammaPerEpoch, 1);
  }

  public static LearningRate step(double initial, double gamma, int everyEpochs) {
    return new LearningRate(Kind.STEP, initial, gamma, everyEpochs);
  }

  /** The rate at {@code epoch} (0-based). */
  public double at(int epoch) {
    return switch (kind) {
      case CONSTANT -> initial;
      case EXPONENTIAL -> initial * Math.pow(gamma, epoch);
      case STEP -> initial * Math.pow(gamma, Math.floorDiv(epoch, everyEpochs));
    };
  }

  /** Adam with this rate; the schedule counts epochs, which the trainer advances. */
  Adam toAdam() {
    return switch (kind) {
      case CONSTANT -> new Adam(initial);
      case EXPONENTIAL -> new Adam(new ExponentialSchedule(ScheduleType.EPOCH, initial, gamma));
      case STEP -> new Adam(new StepSchedule(ScheduleType.EPOCH, initial, gamma, everyEpochs));
    };
  }
}
