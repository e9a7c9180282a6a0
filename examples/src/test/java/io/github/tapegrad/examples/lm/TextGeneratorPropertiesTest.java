package io.github.tapegrad.examples.lm;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.util.SplittableRandom;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

/** The sampler at every temperature: a token with zero probability is never drawn, and tiny temperatures are greedy. */
class TextGeneratorPropertiesTest {

    /** 1–40 logits, some far apart (so that weights underflow) and some tied. */
    private static Gen<double[]> logits() {
        Gen<Double> one = integers().between(0, 9).zip(doubles().between(-60, 60), (kind, x) -> switch (kind) {
            case 0 -> -1e4 + x;         // underflows to weight 0 at temperatures below ~10
            case 1 -> 7.0;              // ties
            case 2 -> Double.NEGATIVE_INFINITY;
            default -> x;
        });
        return lists().of(one).ofSizeBetween(1, 40).map(list -> list.stream().mapToDouble(Double::doubleValue)
                .toArray()).assuming(l -> java.util.Arrays.stream(l).anyMatch(Double::isFinite));
    }

    /** Temperatures log-uniform from the smallest subnormal to 1e300. */
    private static Gen<Double> temperatures() {
        return doubles().between(-323.3, 300).map(e -> Math.pow(10, e)).assuming(t -> t > 0);
    }

    @Test
    void theSampledTokenAlwaysHasNonZeroProbability() {
        qt().withExamples(2000).forAll(logits(), temperatures(), longs().all()).checkAssert((l, t, seed) -> {
            int i = TextGenerator.sample(l, t, new SplittableRandom(seed));
            double max = java.util.Arrays.stream(l).max().orElseThrow();
            double p = Math.exp((l[i] - max) / t);  // the unnormalised probability, in the stable form
            if (!(p > 0)) {
                throw new AssertionError("drew token " + i + " (logit " + l[i] + ", max " + max + ") at T " + t
                        + " although its probability is 0");
            }
        });
    }

    @Test
    void atTinyTemperaturesSamplingIsTheGreedyChoice() {
        // with a unique maximum, every other weight underflows to 0 once T is below the gap / 745
        qt().withExamples(1000).forAll(logits(), doubles().between(-323.3, -6), longs().all())
                .assuming((l, e, seed) -> uniqueMax(l)).checkAssert((l, e, seed) -> {
                    double t = Math.max(Double.MIN_VALUE, Math.pow(10, e) * gapToSecond(l) / 746);
                    int sampled = TextGenerator.sample(l, t, new SplittableRandom(seed));
                    if (sampled != TextGenerator.argmax(l)) {
                        throw new AssertionError("T " + t + " drew " + sampled + ", greedy is "
                                + TextGenerator.argmax(l));
                    }
                });
    }

    private static boolean uniqueMax(double[] l) {
        int best = TextGenerator.argmax(l);
        for (int i = 0; i < l.length; i++) {
            if (i != best && l[i] == l[best]) {
                return false;
            }
        }
        return true;
    }

    /** How far the largest logit is above the second (infinite with a single finite logit). */
    private static double gapToSecond(double[] l) {
        int best = TextGenerator.argmax(l);
        double second = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < l.length; i++) {
            if (i != best) {
                second = Math.max(second, l[i]);
            }
        }
        return Math.min(Double.MAX_VALUE, l[best] - second);
    }
}
