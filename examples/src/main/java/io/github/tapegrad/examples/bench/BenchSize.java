package io.github.tapegrad.examples.bench;

import io.github.tapegrad.autograd.DType;

/**
 * The resolved sizes of one benchmark run. For config A the LSTM input is the one-hot vocabulary
 * ({@code input == vocab}); for B {@code vocab} is 0 (no output layer).
 */
record BenchSize(BenchConfig config, DType dtype, int batch, int steps, int input, int hidden, int vocab) {

    BenchSize {
        if (batch < 1 || steps < 1 || input < 1 || hidden < 1 || (config.trains() && vocab < 2)) {
            throw new IllegalArgumentException("bench: config " + config + ": sizes must be positive (vocab >= 2 for A),"
                    + " got batch=" + batch + ", steps=" + steps + ", input=" + input + ", hidden=" + hidden
                    + ", vocab=" + vocab);
        }
        if (config.trains() && input != vocab) {
            throw new IllegalArgumentException("bench: config A feeds one-hot tokens, so input must equal vocab, got input="
                    + input + ", vocab=" + vocab);
        }
    }

    /** Tokens per step: B·T. */
    long tokens() {
        return (long) batch * steps;
    }

    /** GEMM FLOPs of the LSTM forward: 2·B·(I+H)·4H per time step. */
    double lstmForwardFlops() {
        return 2.0 * batch * (input + hidden) * 4.0 * hidden * steps;
    }

    /** GEMM FLOPs of the output Linear, forward only: 2·B·T·H·V. */
    double headForwardFlops() {
        return config.trains() ? 2.0 * batch * steps * hidden * vocab : 0;
    }

    /** Per step: forward and a backward counted as twice the forward (3×), for the LSTM and the head alike. */
    double flopsPerStep() {
        return 3 * lstmForwardFlops() + 3 * headForwardFlops();
    }

    /** The formula behind {@link #flopsPerStep()}, for the report. */
    String flopFormula() {
        String lstm = "3·T·2·B·(I+H)·4H";
        return config.trains() ? lstm + " + 3·2·B·T·H·V" : lstm;
    }

    /** The relative tolerance of the agreement check (norm-wise, per tensor). */
    double tolerance() {
        return dtype == DType.FLOAT32 ? 1e-4 : 1e-9;
    }

    @Override
    public String toString() {
        return "config " + config + " " + dtype + " B=" + batch + " T=" + steps + " I=" + input + " H=" + hidden
                + (config.trains() ? " V=" + vocab : "");
    }
}
