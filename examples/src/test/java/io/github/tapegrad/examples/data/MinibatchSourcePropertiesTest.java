package io.github.tapegrad.examples.data;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/** Invariants of both iterators for any corpus length, batch size, step count and seed that give a minibatch. */
class MinibatchSourcePropertiesTest {

    private static int[] positions(int n) {
        return IntStream.range(0, n).toArray();
    }

    /** The smallest corpus each iterator accepts must really give a minibatch on every epoch. */
    @Test
    void minimumTokensAlwaysGiveAMinibatch() {
        qt().withExamples(200).forAll(integers().between(1, 12), integers().between(1, 12), longs().all())
                .checkAssert((batchSize, numSteps, seed) -> {
                    for (Sampling sampling : Sampling.values()) {
                        int n = (int) sampling.minimumTokens(batchSize, numSteps);
                        MinibatchSource source = sampling.over(positions(n), batchSize, numSteps, seed);
                        for (int epoch = 0; epoch < 5; epoch++) {
                            if (!source.iterator().hasNext()) {
                                throw new AssertionError(sampling + " n=" + n + " gave an empty epoch");
                            }
                        }
                    }
                });
    }

    @Test
    void shapesTargetsAndCoverage() {
        qt().withExamples(200)
                .forAll(integers().between(1, 6), integers().between(1, 9), integers().between(0, 300), longs().all())
                .checkAssert((batchSize, numSteps, extra, seed) -> {
                    for (Sampling sampling : Sampling.values()) {
                        int n = (int) sampling.minimumTokens(batchSize, numSteps) + extra;
                        Set<Integer> usedPositions = new HashSet<>();
                        int[] previousRowEnds = null;
                        int count = 0;
                        for (Minibatch batch : sampling.over(positions(n), batchSize, numSteps, seed)) {
                            check(batch.batchSize() == batchSize && batch.numSteps() == numSteps, "shape", batch);
                            for (int b = 0; b < batchSize; b++) {
                                for (int t = 0; t < numSteps; t++) {
                                    check(batch.y(b, t) == batch.x(b, t) + 1, "y is x shifted by one", batch);
                                    check(t == 0 || batch.x(b, t) == batch.x(b, t - 1) + 1, "contiguous row", batch);
                                    check(batch.y(b, t) < n, "inside the corpus", batch);
                                    check(usedPositions.add(batch.x(b, t)), "each position at most once", batch);
                                }
                                if (sampling == Sampling.SEQUENTIAL && previousRowEnds != null) {
                                    check(batch.x(b, 0) == previousRowEnds[b] + 1, "row continues", batch);
                                }
                            }
                            previousRowEnds = new int[batchSize];
                            for (int b = 0; b < batchSize; b++) {
                                previousRowEnds[b] = batch.x(b, numSteps - 1);
                            }
                            count++;
                        }
                        // Both schemes waste less than one minibatch plus the offset and the rounding per row.
                        int covered = count * batchSize * numSteps;
                        int lost = n - covered;
                        int maxLost = sampling == Sampling.RANDOM
                                ? (numSteps - 1) + 1 + (numSteps - 1) + (batchSize - 1) * numSteps
                                : numSteps + 1 + (batchSize - 1) + batchSize * (numSteps - 1);
                        check(lost <= maxLost, sampling + " n=" + n + " lost " + lost + " > " + maxLost, null);
                    }
                });
    }

    private static void check(boolean condition, String what, Minibatch batch) {
        if (!condition) {
            throw new AssertionError(what + (batch == null ? "" : ": " + batch));
        }
    }
}
