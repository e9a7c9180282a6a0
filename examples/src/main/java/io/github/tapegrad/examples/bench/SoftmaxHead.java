package io.github.tapegrad.examples.bench;

import io.github.tapegrad.autograd.kernels.MatMul;

import java.util.Arrays;

/**
 * Config A's output layer for the yardstick, float32: logits = h·Wᵀ + b, mean cross-entropy against the targets,
 * and its backward written out (dlogits = (softmax − onehot) / N), on the same GEMM kernel as autograd.
 * {@link SoftmaxHead64} is the float64 twin.
 */
final class SoftmaxHead {
    private final int rows;
    private final int hidden;
    private final int vocab;
    private final float[] logits;  // [N, V], overwritten by dlogits
    final float[] dInput;          // [N, H]: dL/dh for the LSTM's backward
    final float[] gWeight;         // [V, H]
    final float[] gBias;           // [V]

    SoftmaxHead(int rows, int hidden, int vocab) {
        this.rows = rows;
        this.hidden = hidden;
        this.vocab = vocab;
        logits = new float[rows * vocab];
        dInput = new float[rows * hidden];
        gWeight = new float[vocab * hidden];
        gBias = new float[vocab];
    }

    /** Forward and backward in one go; returns the mean loss. {@code h} is [N, H] at {@code hOff}. */
    double forwardBackward(float[] h, int hOff, float[] weight, float[] bias, int[] targets) {
        MatMul.gemm(false, true, rows, vocab, hidden, h, hOff, weight, 0, logits, 0, false);
        double loss = 0;
        double invRows = 1.0 / rows;
        for (int r = 0; r < rows; r++) {
            int o = r * vocab;
            double max = Double.NEGATIVE_INFINITY;
            for (int v = 0; v < vocab; v++) {
                logits[o + v] += bias[v];
                max = Math.max(max, logits[o + v]);
            }
            double sum = 0;
            for (int v = 0; v < vocab; v++) {
                sum += Math.exp(logits[o + v] - max);
            }
            double logSum = max + Math.log(sum);
            loss += logSum - logits[o + targets[r]];
            for (int v = 0; v < vocab; v++) {
                logits[o + v] = (float) (Math.exp(logits[o + v] - logSum) * invRows);
            }
            logits[o + targets[r]] -= invRows;
        }
        float[] dLogits = logits;
        MatMul.gemm(true, false, vocab, hidden, rows, dLogits, 0, h, hOff, gWeight, 0, false);
        MatMul.gemm(false, false, rows, hidden, vocab, dLogits, 0, weight, 0, dInput, 0, false);
        Arrays.fill(gBias, 0);
        for (int r = 0; r < rows; r++) {
            for (int v = 0; v < vocab; v++) {
                gBias[v] += dLogits[r * vocab + v];
            }
        }
        return loss * invRows;
    }
}
