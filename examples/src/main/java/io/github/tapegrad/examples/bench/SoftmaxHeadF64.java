package io.github.tapegrad.examples.bench;

import io.github.tapegrad.autograd.RawKernels;

import java.util.Arrays;

/**
 * Config A's output layer for the yardstick, in double: logits = h·Wᵀ + b, mean cross-entropy against the targets,
 * and its backward written out (dlogits = (softmax − onehot) / N), on the same GEMM kernel as autograd.
 * One source for both dtypes (the float32 class is generated from this one, see pom.xml).
 */
@SuppressWarnings("cast") // redundant here, needed in the generated float32 copy
final class SoftmaxHeadF64 {
    private final int rows;
    private final int hidden;
    private final int vocab;
    private final double[] logits;  // [N, V], overwritten by dlogits
    final double[] dInput;          // [N, H]: dL/dh for the LSTM's backward
    final double[] gWeight;         // [V, H]
    final double[] gBias;           // [V]

    SoftmaxHeadF64(int rows, int hidden, int vocab) {
        this.rows = rows;
        this.hidden = hidden;
        this.vocab = vocab;
        logits = new double[rows * vocab];
        dInput = new double[rows * hidden];
        gWeight = new double[vocab * hidden];
        gBias = new double[vocab];
    }

    /** Forward and backward in one go; returns the mean loss. {@code h} is [N, H] at {@code hOff}. */
    /*always*/double forwardBackward(double[] h, int hOff, double[] weight, double[] bias, int[] targets) {
        RawKernels.gemm(false, true, rows, vocab, hidden, h, hOff, weight, 0, logits, 0, false);
        /*always*/double loss = 0;
        /*always*/double invRows = 1.0 / rows;
        for (int r = 0; r < rows; r++) {
            int o = r * vocab;
            /*always*/double max = /*always*/Double.NEGATIVE_INFINITY;
            for (int v = 0; v < vocab; v++) {
                logits[o + v] += bias[v];
                max = Math.max(max, logits[o + v]);
            }
            /*always*/double sum = 0;
            for (int v = 0; v < vocab; v++) {
                sum += Math.exp(logits[o + v] - max);
            }
            /*always*/double logSum = max + Math.log(sum);
            loss += logSum - logits[o + targets[r]];
            for (int v = 0; v < vocab; v++) {
                logits[o + v] = (double) (Math.exp(logits[o + v] - logSum) * invRows);
            }
            logits[o + targets[r]] -= invRows;
        }
        double[] dLogits = logits;
        RawKernels.gemm(true, false, vocab, hidden, rows, dLogits, 0, h, hOff, gWeight, 0, false);
        RawKernels.gemm(false, false, rows, hidden, vocab, dLogits, 0, weight, 0, dInput, 0, false);
        Arrays.fill(gBias, 0);
        for (int r = 0; r < rows; r++) {
            for (int v = 0; v < vocab; v++) {
                gBias[v] += dLogits[r * vocab + v];
            }
        }
        return loss * invRows;
    }
}
