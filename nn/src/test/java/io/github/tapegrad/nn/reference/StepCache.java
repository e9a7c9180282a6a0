package io.github.tapegrad.nn.reference;

/**
 * What one forward step keeps for its backward step. Internal scratch, never exposed, so arrays are
 * shared rather than copied. Arrays are {@code [B, ...]} row-major; unused slots are null.
 */
final class StepCache {
    /** Step input {@code [B, in]}. */
    final double[] x;
    /** Hidden state before the step {@code [B, H]}. */
    final double[] hPrev;
    /** LSTM cell state before the step {@code [B, H]}. */
    final double[] cPrev;
    /** Gate activations {@code [B, G*H]}: RNN h', LSTM (i, f, g, o), GRU (r, z, n). */
    final double[] gates;
    /** RNN only: pre-activation {@code [B, H]}. GRU only: {@code W_hn h + b_hn [B, H]}. */
    final double[] aux;
    /** Hidden state after the step {@code [B, H]}. */
    final double[] hNext;
    /** LSTM cell state after the step {@code [B, H]}. */
    final double[] cNext;

    StepCache(double[] x, double[] hPrev, double[] cPrev, double[] gates, double[] aux, double[] hNext,
            double[] cNext) {
        this.x = x;
        this.hPrev = hPrev;
        this.cPrev = cPrev;
        this.gates = gates;
        this.aux = aux;
        this.hNext = hNext;
        this.cNext = cNext;
    }
}
