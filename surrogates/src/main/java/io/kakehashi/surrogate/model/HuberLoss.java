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
    INDArray score = scoreArray(labels, preOutput, activationFn, mask);
    double sum = score.sumNumber().doubleValue();
    return average ? sum / score.size(0) : sum;
  }

  @Override
  public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    return scoreArray(labels, preOutput, activationFn, mask).sum(true, 1);
  }

  @Override
  public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    INDArray clamped = clampedError(labels, preOutput, activationFn);
    INDArray dLda = clamped.muli(2.0 / labels.size(1));
    if (mask != null) LossUtil.applyMask(dLda, mask);
    INDArray grad = activationFn.backprop(preOutput.dup(), dLda).getFirst();
    if (mask != null) LossUtil.applyMask(grad, mask);
    return grad;
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask, boolean average) {
    return Pair.of(computeScore(labels, preOutput, activationFn, mask, average),
        computeGradient(labels, preOutput, activationFn, mask));
  }

  @Override
  public String name() {
    return "Huber(" + delta + ")";
  }

  @Override
  public String toString() {
    return name();
  }

  /** Per element: c (2e - c) / outputs, masked. */
  private INDArray scoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    if (!labels.equalShapes(preOutput)) {
      throw new IllegalArgumentException("labels " + labels.shapeInfoToString() + " and outputs "
          + preOutput.shapeInfoToString() + " differ in shape");
    }
    INDArray error = activationFn.getActivation(preOutput.dup(), true).subi(labels);
    INDArray clamped = Transforms.min(Transforms.max(error, -delta, true), delta, false);
    INDArray score = error.muli(2).subi(clamped).muli(clamped).divi(labels.size(1));
    if (mask != null) LossUtil.applyMask(score, mask);
    return score;
  }

  private INDArray clampedError(INDArray labels, INDArray preOutput, IActivation activationFn) {
    INDArray error = activationFn.getActivation(preOutput.dup(), true).subi(labels);
    return Transforms.min(Transforms.max(error, -delta, false), delta, false);
  }
}
