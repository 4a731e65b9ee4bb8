package io.kakehashi.surrogate.model;

import java.io.Serializable;
import java.util.Locale;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * A learning rate that may decay with the epoch: constant, exponential ({@code initial * gamma^epoch}),
 * in steps ({@code initial * gamma^floor(epoch / everyEpochs)}) or linearly to zero
 * ({@code initial * (1 - epoch / everyEpochs)}, everyEpochs being the training's last epoch + 1).
 */
public record LearningRate(Kind kind, double initial, double gamma, int everyEpochs) implements Serializable {
  public enum Kind { CONSTANT, EXPONENTIAL, STEP, LINEAR }

  public LearningRate {
    if (!(initial > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + initial);
    if (kind != Kind.CONSTANT && !(gamma > 0 && gamma <= 1)) {
      throw new IllegalArgumentException("learning-rate decay gamma must be in (0, 1], got " + gamma);
    }
    if ((kind == Kind.STEP || kind == Kind.LINEAR) && everyEpochs <= 0) {
      throw new IllegalArgumentException(kind.name().toLowerCase(Locale.ROOT)
          + " learning rate needs everyEpochs > 0, got " + everyEpochs);
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

  /**
   * Falls linearly from {@code initial} to 0 over {@code epochs} epochs (the training's maximum):
   * the last epochs take small steps whatever the early ones did. On the alloy campaign's 1,500
   * Cu-Ni relaxations, offline, it left a held-out error of 0.069 meV/atom where exponential decay
   * by 0.99 per epoch left 0.083 (Ni-Al 1.43 against 1.59; bench/README.md, 2026-12-06 (dipoles)).
   */
  public static LearningRate linear(double initial, int epochs) {
    return new LearningRate(Kind.LINEAR, initial, 1, epochs);
  }

  /** The rate at {@code epoch} (0-based). */
  public double at(int epoch) {
    return switch (kind) {
      case CONSTANT -> initial;
      case EXPONENTIAL -> initial * Math.pow(gamma, epoch);
      case STEP -> initial * Math.pow(gamma, Math.floorDiv(epoch, everyEpochs));
      case LINEAR -> initial * Math.max(0.0, 1.0 - epoch / (double) everyEpochs);
    };
  }

  /** Adam with this rate; the schedule counts epochs, which the trainer advances. */
  Adam toAdam() {
    return switch (kind) {
      case CONSTANT -> new Adam(initial);
      case EXPONENTIAL -> new Adam(new ExponentialSchedule(ScheduleType.EPOCH, initial, gamma));
      case STEP -> new Adam(new StepSchedule(ScheduleType.EPOCH, initial, gamma, everyEpochs));
      case LINEAR -> {
        // One value per epoch: nd4j's PolySchedule computes initial * (1 + i / max)^power, which
        // grows for a positive power, so it cannot fall to 0.
        MapSchedule.Builder perEpoch = new MapSchedule.Builder(ScheduleType.EPOCH);
        for (int epoch = 0; epoch < everyEpochs; epoch++) perEpoch.add(epoch, at(epoch));
        yield new Adam(perEpoch.build());
      }
    };
  }
}
