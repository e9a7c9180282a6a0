package io.github.tapegrad.examples.bench;

import io.github.tapegrad.autograd.RawKernels;

import java.util.Arrays;

/**
 * The yardstick: a one-layer LSTM with its backward derived by hand (BPTT), on the same GEMM kernel
 * autograd uses, over double arrays with every buffer allocated once. It exists only to measure what
 * writing forward code alone costs; nn never uses it. One source for both
 * dtypes (the float32 class is generated from this one, see pom.xml).
 *
 * <p>Layouts follow PyTorch: weightIh [4H, I], weightHh [4H, H], biases [4H], gates i, f, g, o.
 * Inputs are [T, B, I] time-major; h0 and c0 are [B, H]. The activations go through the same array kernels
 * autograd's sigmoid and tanh use (vectorised when the Vector API is present), gathered per step into
 * contiguous scratch buffers because those kernels work on whole arrays.
 */
final class FusedLstmF64 {
    final int steps;
    final int batch;
    final int input;
    final int hidden;

    // activations kept for backward
    private final double[] gates;    // [T, B, 4H]: i, f, g, o after their nonlinearities
    private final double[] cells;    // [T+1, B, H]: c_0 .. c_T
    private final double[] hiddens;  // [T+1, B, H]: h_0 .. h_T
    private final double[] tanhCells; // [T, B, H]
    private final double[] dGates;   // [T, B, 4H]
    private final double[] dh;
    private final double[] dc;
    // per-step scratch for the array activation kernels
    private final double[] bias;      // b_ih + b_hh
    private final double[] sigmoidIn; // [B, 3H]: i, f, o pre-activations
    private final double[] tanhIn;    // [B, H]: g pre-activations, then c_t

    // gradients
    final double[] gWeightIh;
    final double[] gWeightHh;
    final double[] gBiasIh;
    final double[] gBiasHh;
    final double[] gInput;
    final double[] gH0;
    final double[] gC0;
    /** W_hhᵀ and W_hh packed for the per-step products (rebuilt each step, in the same memory). */
    private RawKernels.PackedB packedHhT;
    private RawKernels.PackedB packedHh;

    FusedLstmF64(int steps, int batch, int input, int hidden) {
        this.steps = steps;
        this.batch = batch;
        this.input = input;
        this.hidden = hidden;
        int g4 = 4 * hidden;
        gates = new double[steps * batch * g4];
        cells = new double[(steps + 1) * batch * hidden];
        hiddens = new double[(steps + 1) * batch * hidden];
        tanhCells = new double[steps * batch * hidden];
        dGates = new double[steps * batch * g4];
        dh = new double[batch * hidden];
        dc = new double[batch * hidden];
        bias = new double[g4];
        sigmoidIn = new double[batch * 3 * hidden];
        tanhIn = new double[batch * hidden];
        gWeightIh = new double[g4 * input];
        gWeightHh = new double[g4 * hidden];
        gBiasIh = new double[g4];
        gBiasHh = new double[g4];
        gInput = new double[steps * batch * input];
        gH0 = new double[batch * hidden];
        gC0 = new double[batch * hidden];
    }

    /** Outputs h_1..h_T as [T, B, H] (a view into the kept activations: offset B·H). */
    double[] hiddens() {
        return hiddens;
    }

    int outputOffset() {
        return batch * hidden;
    }

    void forward(double[] x, double[] h0, double[] c0, double[] wIh, double[] wHh, double[] bIh, double[] bHh) {
        int g4 = 4 * hidden;
        int bh = batch * hidden;
        System.arraycopy(h0, 0, hiddens, 0, bh);
        System.arraycopy(c0, 0, cells, 0, bh);
        for (int j = 0; j < g4; j++) {
            bias[j] = bIh[j] + bHh[j];
        }
        // input projection for every step at once: [T·B, I] · W_ihᵀ
        RawKernels.gemm(false, true, steps * batch, g4, input, x, 0, wIh, 0, gates, 0, false);
        // W_hhᵀ packed once for the T steps, as autograd's cache packs a weight that requires grad
        boolean packed = RawKernels.packs(batch, g4, hidden);
        if (packed) {
            packedHhT = RawKernels.pack(true, hidden, g4, wHh, 0, packedHhT);
        }
        for (int t = 0; t < steps; t++) {
            int go = t * batch * g4;
            if (packed) {
                RawKernels.gemm(false, batch, g4, hidden, hiddens, t * bh, packedHhT, gates, go, true);
            } else {
                RawKernels.gemm(false, true, batch, g4, hidden, hiddens, t * bh, wHh, 0, gates, go, true);
            }
            activateGates(go);
            cellUpdate(t, go);
        }
    }

    /** Adds the bias and applies σ to i, f, o and tanh to g, in place in this step's gates. */
    private void activateGates(int go) {
        int g4 = 4 * hidden;
        for (int b = 0; b < batch; b++) {
            int row = go + b * g4;
            int s = b * 3 * hidden;
            for (int j = 0; j < hidden; j++) {
                sigmoidIn[s + j] = gates[row + j] + bias[j];
                sigmoidIn[s + hidden + j] = gates[row + hidden + j] + bias[hidden + j];
                sigmoidIn[s + 2 * hidden + j] = gates[row + 3 * hidden + j] + bias[3 * hidden + j];
                tanhIn[b * hidden + j] = gates[row + 2 * hidden + j] + bias[2 * hidden + j];
            }
        }
        RawKernels.sigmoid(sigmoidIn);
        RawKernels.tanh(tanhIn);
        for (int b = 0; b < batch; b++) {
            int row = go + b * g4;
            int s = b * 3 * hidden;
            System.arraycopy(sigmoidIn, s, gates, row, 2 * hidden);
            System.arraycopy(tanhIn, b * hidden, gates, row + 2 * hidden, hidden);
            System.arraycopy(sigmoidIn, s + 2 * hidden, gates, row + 3 * hidden, hidden);
        }
    }

    /** c_t = f ⊙ c_{t-1} + i ⊙ g ; h_t = o ⊙ tanh(c_t). */
    private void cellUpdate(int t, int go) {
        int g4 = 4 * hidden;
        int bh = batch * hidden;
        for (int b = 0; b < batch; b++) {
            int row = go + b * g4;
            int s = b * hidden;
            for (int j = 0; j < hidden; j++) {
                double c = gates[row + hidden + j] * cells[t * bh + s + j] + gates[row + j] * gates[row + 2 * hidden + j];
                cells[(t + 1) * bh + s + j] = c;
                tanhIn[s + j] = c;
            }
        }
        RawKernels.tanh(tanhIn);
        System.arraycopy(tanhIn, 0, tanhCells, t * bh, bh);
        for (int b = 0; b < batch; b++) {
            int row = go + b * g4 + 3 * hidden;
            int s = b * hidden;
            for (int j = 0; j < hidden; j++) {
                hiddens[(t + 1) * bh + s + j] = gates[row + j] * tanhIn[s + j];
            }
        }
    }

    /**
     * BPTT given dL/dh_t for every step ([T, B, H], from the layer above; the final state itself feeds nothing).
     * Fills every gradient field; {@link #gInput} only when {@code inputGradient} (a one-hot input needs none).
     */
    void backward(double[] dOutputs, double[] x, double[] wIh, double[] wHh, boolean inputGradient) {
        int g4 = 4 * hidden;
        if (RawKernels.packs(batch, hidden, g4)) {
            packedHh = RawKernels.pack(false, g4, hidden, wHh, 0, packedHh);
        }
        int bh = batch * hidden;
        Arrays.fill(dh, 0d);
        Arrays.fill(dc, 0d);
        for (int t = steps - 1; t >= 0; t--) {
            int go = t * batch * g4;
            for (int b = 0; b < batch; b++) {
                int row = go + b * g4;
                int s = b * hidden;
                for (int j = 0; j < hidden; j++) {
                    double i = gates[row + j];
                    double f = gates[row + hidden + j];
                    double g = gates[row + 2 * hidden + j];
                    double o = gates[row + 3 * hidden + j];
                    double tc = tanhCells[t * bh + s + j];
                    double dH = dOutputs[t * bh + s + j] + dh[s + j];
                    double dC = dc[s + j] + dH * o * (1 - tc * tc);
                    dGates[row + j] = dC * g * i * (1 - i);
                    dGates[row + hidden + j] = dC * cells[t * bh + s + j] * f * (1 - f);
                    dGates[row + 2 * hidden + j] = dC * i * (1 - g * g);
                    dGates[row + 3 * hidden + j] = dH * tc * o * (1 - o);
                    dc[s + j] = dC * f;
                }
            }
            // dh_{t-1} = dG_t · W_hh
            if (packedHh != null) {
                RawKernels.gemm(false, batch, hidden, g4, dGates, go, packedHh, dh, 0, false);
            } else {
                RawKernels.gemm(false, false, batch, hidden, g4, dGates, go, wHh, 0, dh, 0, false);
            }
        }
        System.arraycopy(dh, 0, gH0, 0, bh);
        System.arraycopy(dc, 0, gC0, 0, bh);
        // weight gradients over all steps at once: dGᵀ · [h_0..h_{T-1}] and dGᵀ · x
        RawKernels.gemm(true, false, g4, hidden, steps * batch, dGates, 0, hiddens, 0, gWeightHh, 0, false);
        RawKernels.gemm(true, false, g4, input, steps * batch, dGates, 0, x, 0, gWeightIh, 0, false);
        if (inputGradient) {
            RawKernels.gemm(false, false, steps * batch, input, g4, dGates, 0, wIh, 0, gInput, 0, false);
        }
        Arrays.fill(gBiasIh, 0d);
        for (int r = 0; r < steps * batch; r++) {
            for (int j = 0; j < g4; j++) {
                gBiasIh[j] += dGates[r * g4 + j];
            }
        }
        System.arraycopy(gBiasIh, 0, gBiasHh, 0, g4);
    }
}
