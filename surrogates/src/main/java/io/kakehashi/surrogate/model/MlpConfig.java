package io.kakehashi.surrogate.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.activations.Activation;

/**
 * How one multilayer-perceptron regressor is built and trained. Immutable; start from
 * {@link #builder()}, whose defaults suit a few thousand rows of 10-20 standardized features.
 *
 * @param hiddenLayers widths of the hidden layers, input side first
 * @param activation activation of every hidden layer (the output layer is linear)
 * @param dropout probability of dropping a hidden unit during training, in [0, 1)
 * @param l2 L2 penalty on the weights
 * @param learningRate Adam's learning rate and its decay per epoch
 * @param batchSize rows per gradient step
 * @param maxEpochs upper bound on passes over the training rows
 * @param patience epochs without a better validation loss before training stops
 * @param validationFraction share of rows held out for early stopping and calibration; 0 trains
 *     {@code maxEpochs} epochs and reports no held-out metrics
 * @param seed seed of weights, shuffling and the validation split
 * @param huberDelta 0 for the squared error, else the training loss is {@link HuberLoss} with this
 *     delta (in the standardized target's units); early stopping still compares squared errors.
 *     Written only when set, so that squared-error cards read as before, also by older builds
 */
public record MlpConfig(List<Integer> hiddenLayers, Activation activation, double dropout, double l2,
    LearningRate learningRate, int batchSize, int maxEpochs, int patience, double validationFraction, long seed,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) double huberDelta) implements Serializable {

  public MlpConfig {
    hiddenLayers = List.copyOf(hiddenLayers);
    Objects.requireNonNull(activation, "activation");
    Objects.requireNonNull(learningRate, "learningRate");
    for (int w : hiddenLayers) if (w <= 0) throw new IllegalArgumentException("hidden layer width must be > 0: " + hiddenLayers);
    if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    if (!(l2 >= 0)) throw new IllegalArgumentException("l2 must be >= 0, got " + l2);
    if (batchSize <= 0) throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
    if (maxEpochs <= 0) throw new IllegalArgumentException("maxEpochs must be > 0, got " + maxEpochs);
    if (patience <= 0) throw new IllegalArgumentException("patience must be > 0, got " + patience);
    if (!(validationFraction >= 0 && validationFraction < 1)) {
      throw new IllegalArgumentException("validationFraction must be in [0, 1), got " + validationFraction);
    }
    if (!(huberDelta >= 0) || Double.isInfinite(huberDelta)) {
      throw new IllegalArgumentException("huberDelta must be >= 0 and finite (0: squared error), got " + huberDelta);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().hiddenLayers(hiddenLayers).activation(activation).dropout(dropout).l2(l2)
        .learningRate(learningRate).batchSize(batchSize).maxEpochs(maxEpochs).patience(patience)
        .validationFraction(validationFraction).seed(seed).huberDelta(huberDelta);
  }

  /** Builds an {@link MlpConfig}; every setter replaces the previous value. */
  public static final class Builder {
    private List<Integer> hiddenLayers = List.of(64, 64);
    private Activation activation = Activation.SWISH;
    private double dropout = 0;
    private double l2 = 1e-5;
    private LearningRate learningRate = LearningRate.exponential(3e-3, 0.99);
    private int batchSize = 64;
    private int maxEpochs = 500;
    private int patience = 30;
    private double validationFraction = 0.15;
    private long seed = 42;
    private double huberDelta = 0;

    private Builder() {}

    public Builder hiddenLayers(Integer... widths) {
      return hiddenLayers(List.of(widths));
    }

    public Builder hiddenLayers(List<Integer> widths) {
      this.hiddenLayers = List.copyOf(widths);
      return this;
    }

    public Builder activation(Activation a) {
      this.activation = a;
      return this;
    }

    public Builder dropout(double p) {
      this.dropout = p;
      return this;
    }

    public Builder l2(double l2) {
      this.l2 = l2;
      return this;
    }

    public Builder learningRate(double rate) {
      return learningRate(LearningRate.constant(rate));
    }

    public Builder learningRate(LearningRate rate) {
      this.learningRate = rate;
      return this;
    }

    public Builder batchSize(int n) {
      this.batchSize = n;
      return this;
    }

    public Builder maxEpochs(int n) {
      this.maxEpochs = n;
      return this;
    }

    public Builder patience(int n) {
      this.patience = n;
      return this;
    }

    public Builder validationFraction(double f) {
      this.validationFraction = f;
      return this;
    }

    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /** Trains on the Huber loss with this delta (standardized target units); 0 (the default): squared error. */
    public Builder huberDelta(double delta) {
      this.huberDelta = delta;
      return this;
    }

    public MlpConfig build() {
      return new MlpConfig(hiddenLayers, activation, dropout, l2, learningRate, batchSize, maxEpochs, patience,
          validationFraction, seed, huberDelta);
    }
  }
}
