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

    /**
     * Mean of (pred − target)² over the valid rows only (a padded batch's real steps): pred and target [N, ...],
     * {@code valid} N flags; the mean is over the valid rows' elements, and the other rows are not read (no gradient;
     * a NaN there does not matter).
     */
    public static Tensor mse(Tensor pred, Tensor target, boolean[] valid) {
        if (!pred.shape().equals(target.shape()) || pred.dtype() != target.dtype()) {
            throw new IllegalArgumentException("mse: pred " + pred.shape() + " " + pred.dtype() + " and target "
                    + target.shape() + " " + target.dtype() + " must have one shape and dtype");
        }
        Indices rows = validRows("mse", "pred", pred, valid);
        return pred.indexSelect(0, rows).sub(target.indexSelect(0, rows)).square().mean();
    }

    /**
     * Cross-entropy over the valid positions only: the mean over rows whose flag is set (a padded batch's real
     * steps, e.g. from {@link #lengthMask}), as PyTorch's {@code ignore_index} does for the others; those are
     * not read and get no gradient, and their targets are not checked.
     */
    public static Tensor crossEntropy(Tensor logits, Indices targets, boolean[] valid) {
        if (logits.rank() != 2 || targets.shape().rank() != 1 || targets.numel() != logits.dim(0)) {
            throw new IllegalArgumentException("crossEntropy: logits must be [N, C] and targets [N], got logits "
                    + logits.shape() + " and targets " + targets.shape());
        }
        Indices rows = validRows("crossEntropy", "logits", logits, valid);
        int[] kept = new int[rows.numel()];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = targets.get(rows.get(i));
        }
        return crossEntropy(logits.indexSelect(0, rows), Indices.of(kept, kept.length), Reduction.MEAN);
    }

    /**
     * Which positions of a padded batch are real steps, flattened as the outputs are: [T, B] order (row t·B + b)
     * or, when batch-first, [B, T] order (row b·T + t). {@code lengths[b]} steps of sequence b are valid.
     */
    public static boolean[] lengthMask(int[] lengths, int steps, boolean batchFirst) {
        int batch = lengths.length;
        boolean[] valid = new boolean[steps * batch];
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 0 || lengths[b] > steps) {
                throw new IllegalArgumentException("lengthMask: length " + lengths[b] + " of sequence " + b
                        + " is outside [0, " + steps + "]");
            }
            for (int t = 0; t < lengths[b]; t++) {
                valid[batchFirst ? b * steps + t : t * batch + b] = true;
            }
        }
        return valid;
    }

    /** The indices of the valid rows; refuses a mask of the wrong length or one that selects nothing. */
    private static Indices validRows(String op, String what, Tensor scores, boolean[] valid) {
        if (valid == null || scores.rank() == 0 || valid.length != scores.dim(0)) {
            throw new IllegalArgumentException(op + ": the mask must have one flag per row of " + what + " "
                    + scores.shape() + ", got " + (valid == null ? "null" : valid.length + " flags"));
        }
        int count = 0;
        for (boolean v : valid) {
            count += v ? 1 : 0;
        }
        if (count == 0) {
            throw new IllegalArgumentException(op + ": the mask selects no row of " + what + " " + scores.shape()
                    + "; a mean over nothing is undefined");
        }
        int[] rows = new int[count];
        for (int i = 0, k = 0; i < valid.length; i++) {
            if (valid[i]) {
                rows[k++] = i;
            }
        }
        return Indices.of(rows, count);
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
