package io.kakehashi.surrogate.active;

import io.kakehashi.surrogate.data.Table;
import io.kakehashi.surrogate.feature.FeatureSchema;
import io.kakehashi.surrogate.model.Ensemble;
import io.kakehashi.surrogate.model.EnsembleConfig;
import io.kakehashi.surrogate.model.EnsembleTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The active-learning loop, in-process: train on what has been simulated, predict the candidate
 * pool, simulate the batch the acquisition rule ranks best, add it to the training rows, repeat
 * until the stop rule is satisfied or the simulation budget is spent.
 *
 * <p>In a workflow the same loop is unrolled into ordinary steps per round (train, screen with
 * {@link io.kakehashi.surrogate.step.SurrogateSteps}, simulate, append), so resume works mid-loop;
 * this class is the loop for code that owns its "simulation" (tests, benchmarks, cheap models).
 */
public final class ActiveLearning {
  /** Runs the real (or analytic) simulation: one target value per row of {@code points}. */
  @FunctionalInterface
  public interface Simulator {
    double[] simulate(Table points) throws Exception;
  }

  /** Decides, after each training, whether the model is good enough. */
  @FunctionalInterface
  public interface StopRule {
    boolean satisfied(Ensemble model);
  }

  /**
   * @param batchSize candidates simulated per round
   * @param budget most simulations in all, counting the initial rows
   */
  public record Settings(FeatureSchema schema, String target, EnsembleConfig model, Acquisition acquisition,
      int batchSize, int budget) {
    public Settings {
      Objects.requireNonNull(schema, "schema");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(acquisition, "acquisition");
      if (batchSize <= 0) throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
      if (budget <= 0) throw new IllegalArgumentException("budget must be > 0, got " + budget);
    }
  }

  /** The state after one training: how many simulations the model has seen, and whether it was good enough. */
  public record Round(int index, int simulations, boolean satisfied) {}

  /** The loop's end: every round, the last model and the rows it was trained on. */
  public record Outcome(List<Round> rounds, Ensemble model, Table simulated, boolean satisfied) {
    public int simulations() {
      return simulated.rowCount();
    }
  }

  private ActiveLearning() {}

  /**
   * @param initial rows already simulated (features and target)
   * @param pool candidates (features) to choose from; each is simulated at most once
   */
  public static Outcome run(Settings s, Table initial, Table pool, Simulator simulator, StopRule stop)
      throws Exception {
    s.schema().requireIn(pool);
    Table data = initial.select(columns(s));
    boolean[] taken = new boolean[pool.rowCount()];
    List<Round> rounds = new ArrayList<>();
    for (int round = 0; ; round++) {
      Ensemble model = EnsembleTrainer.train(data, s.schema(), List.of(s.target()), s.model());
      boolean ok = stop.satisfied(model);
      rounds.add(new Round(round, data.rowCount(), ok));
      int room = Math.min(s.batchSize(), s.budget() - data.rowCount());
      if (ok || room <= 0) return new Outcome(rounds, model, data, ok);
      int[] picked = s.acquisition().pick(model.predict(pool), s.target(), room, taken);
      if (picked.length == 0) return new Outcome(rounds, model, data, false);
      for (int r : picked) taken[r] = true;
      Table points = pool.rows(picked).select(s.schema().names());
      double[] y = simulator.simulate(points);
      if (y.length != picked.length) {
        throw new IllegalStateException("simulator returned " + y.length + " values for " + picked.length + " points");
      }
      data = data.append(points.withColumn(s.target(), y).select(columns(s)));
    }
  }

  private static List<String> columns(Settings s) {
    List<String> c = new ArrayList<>(s.schema().names());
    c.add(s.target());
    return c;
  }
}
