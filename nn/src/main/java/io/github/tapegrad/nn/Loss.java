package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.Indices;
import io.github.tapegrad.autograd.Tensor;

/** Loss functions as compositions of autograd ops (their gradients come from the tape). */
public final class Loss {
    private Loss() {
    }

    /** How per-example losses combine. */
    public enum Reduction { MEAN, SUM, NONE }

    /** Mean of (pred − target)²; shapes must be equal. */
    public static Tensor mse(Tensor pred, Tensor target) {
        if (!pred.shape().equals(target.shape()) || pred.dtype() != target.dtype()) {
            throw new IllegalArgumentException("mse: pred " + pred.shape() + " " + pred.dtype() + " and target "
                    + target.shape() + " " + target.dtype() + " must have one shape and dtype");
        }
        return pred.sub(target).square().mean();
    }

    /** Cross-entropy from unnormalised logits [N, C] and class ids [N], via a stable log-softmax. */
    public static Tensor crossEntropy(Tensor logits, Indices targets, Reduction reduction) {
        checkClassification("crossEntropy", "logits", logits, targets);
        return nll(logits.logSoftmax(1), targets, reduction);
    }

    public static Tensor crossEntropy(Tensor logits, Indices targets) {
        return crossEntropy(logits, targets, Reduction.MEAN);
    }

    /** Negative log-likelihood of log-probabilities [N, C] at class ids [N]. */
    public static Tensor nll(Tensor logProbs, Indices targets, Reduction reduction) {
        checkClassification("nll", "logProbs", logProbs, targets);
        int n = logProbs.dim(0);
        Tensor picked = logProbs.gather(1, Indices.of(targets.toArray(), n, 1)).reshape(n).neg();
        return switch (reduction) {
            case MEAN -> picked.mean();
            case SUM -> picked.sum();
            case NONE -> picked;
        };
    }

    private static void checkClassification(String op, String what, Tensor scores, Indices targets) {
        if (scores.rank() != 2 || targets.shape().rank() != 1 || targets.numel() != scores.dim(0)) {
            throw new IllegalArgumentException(op + ": " + what + " must be [N, C] and targets [N], got " + what + " "
                    + scores.shape() + " and targets " + targets.shape());
        }
        if (scores.dim(0) == 0) {
            throw new IllegalArgumentException(op + ": empty batch: " + what + " " + scores.shape());
        }
        int classes = scores.dim(1);
        for (int i = 0; i < targets.numel(); i++) {
            int c = targets.get(i);
            if (c < 0 || c >= classes) {
                throw new IllegalArgumentException(op + ": target " + c + " at position " + i + " out of range [0, "
                        + classes + ") for " + what + " " + scores.shape());
            }
        }
    }
}
