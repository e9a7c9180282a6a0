package io.github.tapegrad.examples.tasks;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/** The adding problem's generator: shapes, lengths, the two markers, the targets, padding, seeds; its baseline. */
class AddingProblemTest {

    @Test
    void everyBatchHasTheTasksShapeLengthsMarkersAndSums() {
        qt().withExamples(300).forAll(integers().between(3, 60), integers().between(1, 12), longs().all())
                .checkAssert((maxLength, size, seed) -> {
                    AddingProblem task = new AddingProblem(maxLength);
                    AddingProblem.Batch batch = task.batch(new SplittableRandom(seed), size);
                    String where = "T=" + maxLength + " B=" + size + " seed=" + seed + ": ";
                    int[] lengths = batch.lengths();
                    int steps = Arrays.stream(lengths).max().orElseThrow();
                    assertArrayEquals(new int[] {steps, size, 2}, batch.inputs().shape().toArray(), where);
                    assertEquals((int) size, batch.targets().length, where);
                    assertEquals(Arrays.stream(lengths).asLongStream().sum(), batch.validSteps(), where);
                    assertEquals((long) size, batch.scoredItems(), where);
                    float[] x = batch.inputs().toFloatArray();
                    float[] targets = batch.targets();
                    for (int b = 0; b < size; b++) {
                        int length = lengths[b];
                        check(length >= (maxLength + 1) / 2 && length <= maxLength, where + "length " + length);
                        int first = -1;
                        int second = -1;
                        for (int t = 0; t < steps; t++) {
                            float value = x[(t * size + b) * 2];
                            float marker = x[(t * size + b) * 2 + 1];
                            if (t >= length) {
                                check(value == 0 && marker == 0, where + "padding at t=" + t + " of sequence " + b);
                                continue;
                            }
                            check(value >= 0 && value < 1, where + "value " + value);
                            check(marker == 0 || marker == 1, where + "marker " + marker);
                            if (marker == 1) {
                                check(second < 0, where + "a third marker in sequence " + b);
                                if (first < 0) {
                                    first = t;
                                } else {
                                    second = t;
                                }
                            }
                        }
                        check(first >= 0 && second >= 0, where + "fewer than two markers in sequence " + b);
                        check(first < length / 2 && second >= length / 2,
                                where + "markers at " + first + ", " + second + " not one per half of " + length);
                        check(targets[b] == x[(first * size + b) * 2] + x[(second * size + b) * 2],
                                where + "target is not the marked values' sum");
                    }
                });
    }

    @Test
    void theSameSeedGivesTheSameBatchAndAnotherSeedAnother() {
        AddingProblem task = new AddingProblem(50);
        AddingProblem.Batch a = task.batch(new SplittableRandom(7), 16);
        assertEquals(a, task.batch(new SplittableRandom(7), 16));
        assertNotEquals(a, task.batch(new SplittableRandom(8), 16));
        SplittableRandom rng = new SplittableRandom(7);
        task.batch(rng, 16);
        assertNotEquals(a, task.batch(rng, 16), "the next batch of a stream is another one");
    }

    @Test
    void lengthsCoverTheirWholeRange() {
        AddingProblem task = new AddingProblem(9);
        int[] lengths = task.batch(new SplittableRandom(3), 400).lengths();
        assertEquals(5, Arrays.stream(lengths).min().orElseThrow());
        assertEquals(9, Arrays.stream(lengths).max().orElseThrow());
        assertEquals(5, Arrays.stream(lengths).distinct().count());
    }

    /** Always 1: MSE 1/6 (the variance of a sum of two uniforms), right 1 − 0.96² = 7.84 % of the time. */
    @Test
    void theBaselineScoresWhatTheDocumentationSays() {
        AddingProblem task = new AddingProblem(20);
        Score score = task.baseline(task.batch(new SplittableRandom(11), 40_000));
        assertEquals(1.0 / 6, score.loss(), 0.005);
        assertEquals(0.0784, score.accuracy(), 0.006);
        assertEquals(40_000, score.count());
    }

    @Test
    void refusesSizesThatCannotMakeTwoMarkers() {
        assertThrows(IllegalArgumentException.class, () -> new AddingProblem(2));
        assertThrows(IllegalArgumentException.class, () -> new AddingProblem(50).batch(new SplittableRandom(1), 0));
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
