package io.github.tapegrad.nn.check;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One configuration a {@link CellCheck} tries: sequence length T ({@code steps}), batch B, input size I,
 * hidden size H, number of stacked layers, and the seed every value (parameters, inputs, initial states,
 * loss weights) is drawn from. The same case always rebuilds the same problem, so a report's case can be
 * replayed with {@link CellCheck#replay(CheckCase)}.
 */
public record CheckCase(int steps, int batch, int inputSize, int hiddenSize, int layers, long seed) {

    public CheckCase {
        if (steps < 1 || batch < 1 || inputSize < 1 || hiddenSize < 1 || layers < 1) {
            throw new IllegalArgumentException("CheckCase: T=" + steps + " B=" + batch + " I=" + inputSize + " H="
                    + hiddenSize + " layers=" + layers + ": every size must be >= 1");
        }
    }

    /**
     * Strictly smaller cases to try when this one fails, most aggressive first: each size dropped to 1 or
     * its minimum, then decremented, one size at a time; the seed is kept.
     */
    public List<CheckCase> smaller(int minLayers) {
        Set<CheckCase> out = new LinkedHashSet<>();
        int[] sizes = {layers, steps, batch, hiddenSize, inputSize};
        int[] floors = {minLayers, 1, 1, 1, 1};
        for (int k = 0; k < sizes.length; k++) {
            for (int candidate : new int[] {floors[k], sizes[k] / 2, sizes[k] - 1}) {
                if (candidate >= floors[k] && candidate < sizes[k]) {
                    int[] s = sizes.clone();
                    s[k] = candidate;
                    out.add(new CheckCase(s[1], s[2], s[4], s[3], s[0], seed));
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** The Java expression that rebuilds this case. */
    public String toJava() {
        return String.format(Locale.ROOT, "new CheckCase(%d, %d, %d, %d, %d, 0x%xL)", steps, batch, inputSize,
                hiddenSize, layers, seed);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "T=%d, B=%d, I=%d, H=%d, layers=%d, seed=0x%xL", steps, batch, inputSize,
                hiddenSize, layers, seed);
    }
}
