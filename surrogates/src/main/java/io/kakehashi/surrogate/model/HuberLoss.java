package io.kakehashi.surrogate.model;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossUtil;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The Huber loss as a DL4J loss function: the squared error for errors within {@code delta}, and
 * beyond it a straight line of the same slope, {@code 2 delta |e| - delta^2}, averaged over the
 * outputs like DL4J's MSE (so that within {@code delta} it is MSE exactly).
 *
 * <p>Why: the active-learning rounds add cells whose relaxation no on-lattice descriptor explains
 * (Ni-Al layered stackings off by 10-50 meV/atom). A squared loss lets a few of them pull the whole
 * fit; beyond {@code delta} their pull stops growing. DL4J has no Huber loss of its own.
 *
 * <p>With {@code c} the error clamped to [-delta, delta], the loss is {@code c (2e - c)} and its
 * gradient {@code 2c}, one clamp for both. Its delta is saved with the network's configuration
 * (DL4J's JSON is Jackson as ND4J shades it), so saved members load with their loss.
 */
public final class HuberLoss implements ILossFunction {
  private static final long serialVersionUID = 1L;

  @JsonProperty("delta")
  private double delta;

  /** For DL4J's JSON deserialisation. */
  private HuberLoss() {}

  /** @param delta where the loss turns from quadratic to linear, in the (standardized) target's units; > 0 */
  public HuberLoss(double delta) {
    if (!(delta > 0) || Double.isInfinite(delta)) throw new IllegalArgumentException("delta must be > 0 and finite, got " + delta);
    this.delta = delta;
  }

  public double delta() {
    return delta;
  }

  @Override
  public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
      boolean average) {
    INDArray error = error(labels, preOutput, activationFn);
    return total(score(error, clamp(error), mask), average);
  }

  @Override
  public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    INDArray error = error(labels, preOutput, activationFn);
    return score(error, clamp(error), mask).sum(true, 1);
  }

  @Override
  public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    return gradient(clamp(error(labels, preOutput, activationFn)), preOutput, activationFn, mask);
  }

  /** Both from one forward activation and one clamp: the training step's call. */
  @Override
  public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask, boolean average) {
    INDArray error = error(labels, preOutput, activationFn);
    INDArray clamped = clamp(error);
    double score = total(score(error, clamped, mask), average);
    return Pair.of(score, gradient(clamped, preOutput, activationFn, mask));
  }

  @Override
  public String name() {
    return "Huber(" + delta + ")";
  }

  @Override
  public String toString() {
    return name();
  }

  /** The activated output minus the labels, a new array. */
  private static INDArray error(INDArray labels, INDArray preOutput, IActivation activationFn) {
    if (!labels.equalShapes(preOutput)) {
      throw new IllegalArgumentException("labels " + labels.shapeInfoToString() + " and outputs "
          + preOutput.shapeInfoToString() + " differ in shape");
    }
    return activationFn.getActivation(preOutput.dup(), true).subi(labels);
  }

  /** The error clamped to [-delta, delta], a new array. */
  private INDArray clamp(INDArray error) {
    return Transforms.min(Transforms.max(error, -delta, true), delta, false);
  }

  /** Per element c (2e - c) / outputs, masked, in {@code error}'s array. */
  private static INDArray score(INDArray error, INDArray clamped, INDArray mask) {
    INDArray score = error.muli(2).subi(clamped).muli(clamped).divi(error.size(1));
    if (mask != null) LossUtil.applyMask(score, mask);
    return score;
  }

  private static double total(INDArray score, boolean average) {
    double sum = score.sumNumber().doubleValue();
    return average ? sum / score.size(0) : sum;
  }

  /** dL/dz from dL/da = 2c / outputs (masked), in {@code clamped}'s array. */
  private static INDArray gradient(INDArray clamped, INDArray preOutput, IActivation activationFn, INDArray mask) {
    INDArray dLda = clamped.muli(2.0 / clamped.size(1));
    if (mask != null) LossUtil.applyMask(dLda, mask);
    INDArray grad = activationFn.backprop(preOutput.dup(), dLda).getFirst();
    if (mask != null) LossUtil.applyMask(grad, mask);
    return grad;
  }
}
