package io.github.tapegrad.nn.check;

import io.github.tapegrad.nn.check.CaseProperty.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The cases a {@link CellCheck} tries, from its seed, and the shrinking of a failure to the smallest case. */
final class Cases {
    /** Cases larger than this in any size are clipped for the second-order check, whose cost grows as n^2. */
    private static final int SECOND_ORDER_MAX_SIZE = 3;
    private static final int MAX_SHRINK_ATTEMPTS = 300;

    private Cases() {
    }

    /** {@code count} cases from {@code seed}: the first at every maximum, the rest uniform in the ranges. */
    static List<CheckCase> generate(long seed, int count, int maxSteps, int maxBatch, int maxInputSize,
                                    int maxHiddenSize, int minLayers, int maxLayers) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<CheckCase> out = new ArrayList<>();
        out.add(new CheckCase(maxSteps, maxBatch, maxInputSize, maxHiddenSize, maxLayers, rng.nextLong()));
        while (out.size() < count) {
            out.add(new CheckCase(1 + rng.nextInt(maxSteps), 1 + rng.nextInt(maxBatch), 1 + rng.nextInt(maxInputSize),
                    1 + rng.nextInt(maxHiddenSize), minLayers + rng.nextInt(maxLayers - minLayers + 1), rng.nextLong()));
        }
        return out;
    }

    /** {@code c} cut to the second-order check's sizes. */
    static CheckCase clip(CheckCase c) {
        int m = SECOND_ORDER_MAX_SIZE;
        return new CheckCase(Math.min(c.steps(), m), Math.min(c.batch(), 2), Math.min(c.inputSize(), m),
                Math.min(c.hiddenSize(), m), c.layers(), c.seed());
    }

    /** Greedily takes the first smaller case that still fails, until none does. */
    static CheckFailure shrink(CaseProperty property, CheckCase found, Outcome failed, int minLayers) {
        CheckCase current = found;
        Outcome outcome = failed;
        int steps = 0;
        int attempts = 0;
        boolean progress = true;
        while (progress && attempts < MAX_SHRINK_ATTEMPTS) {
            progress = false;
            for (CheckCase smaller : current.smaller(minLayers)) {
                attempts++;
                Outcome o = property.check(smaller);
                if (!o.passed()) {
                    current = smaller;
                    outcome = o;
                    steps++;
                    progress = true;
                    break;
                }
            }
        }
        return new CheckFailure(property.name(), found, current, steps, outcome.detail(), outcome.diff(),
                outcome.mismatch());
    }
}
