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

/** The copy-memory generator: layout, one-hot steps, targets and their mask, lengths, padding, seeds; its baseline. */
class CopyMemoryTest {

    @Test
    void everyBatchHasTheTasksLayoutTargetsAndMask() {
        qt().withExamples(300).forAll(integers().between(1, 6), integers().between(2, 9), integers().between(1, 20),
                        longs().all())
                .checkAssert((symbols, alphabet, maxDelay, seed) -> {
                    int size = 1 + (int) Math.floorMod(seed, 8L);
                    CopyMemory task = new CopyMemory(symbols, alphabet, maxDelay);
                    CopyMemory.Batch batch = task.batch(new SplittableRandom(seed), size);
                    String where = task + " B=" + size + " seed=" + seed + ": ";
                    int[] lengths = batch.lengths();
                    int steps = Arrays.stream(lengths).max().orElseThrow();
                    int classes = alphabet + 2;
                    assertArrayEquals(new int[] {steps, size, classes}, batch.inputs().shape().toArray(), where);
                    assertEquals((long) size * symbols, batch.scoredItems(), where);
                    float[] x = batch.inputs().toFloatArray();
                    int[] drawn = batch.symbols();
                    int[] targets = batch.targets();
                    boolean[] scored = batch.scored();
                    int scoredCount = 0;
                    for (boolean s : scored) {
                        scoredCount += s ? 1 : 0;
                    }
                    check(scoredCount == size * symbols, where + scoredCount + " scored steps");
                    for (int b = 0; b < size; b++) {
                        int length = lengths[b];
                        int delay = length - 2 * symbols;
                        check(delay >= (maxDelay + 1) / 2 && delay <= maxDelay, where + "delay " + delay);
                        for (int t = 0; t < steps; t++) {
                            int row = t * size + b;
                            float[] step = Arrays.copyOfRange(x, row * classes, (row + 1) * classes);
                            if (t >= length) {
                                check(sum(step) == 0, where + "padding at t=" + t + " of sequence " + b);
                                check(!scored[row], where + "padding scored");
                                continue;
                            }
                            check(sum(step) == 1, where + "not one-hot at t=" + t);
                            int hot = argmax(step);
                            int expected = t < symbols ? drawn[b * symbols + t] : t == length - symbols - 1
                                    ? alphabet + 1 : 0;
                            check(hot == expected, where + "class " + hot + " at t=" + t + ", expected " + expected);
                            if (t < symbols) {
                                check(hot >= 1 && hot <= alphabet, where + "symbol " + hot);
                            }
                            boolean output = t >= length - symbols;
                            check(scored[row] == output, where + "scored flag at t=" + t);
                            if (output) {
                                check(targets[row] == drawn[b * symbols + t - (length - symbols)] - 1,
                                        where + "target at t=" + t);
                            } else {
                                check(targets[row] == 0, where + "a target where none is scored");
                            }
                        }
                    }
                });
    }

    @Test
    void theSameSeedGivesTheSameBatchAndAnotherSeedAnother() {
        CopyMemory task = new CopyMemory(5, 8, 10);
        CopyMemory.Batch a = task.batch(new SplittableRandom(7), 16);
        assertEquals(a, task.batch(new SplittableRandom(7), 16));
        assertNotEquals(a, task.batch(new SplittableRandom(8), 16));
    }

    @Test
    void delaysAndSymbolsCoverTheirRanges() {
        CopyMemory task = new CopyMemory(3, 8, 10);
        CopyMemory.Batch batch = task.batch(new SplittableRandom(3), 400);
        int[] delays = Arrays.stream(batch.lengths()).map(n -> n - 6).toArray();
        assertEquals(5, Arrays.stream(delays).min().orElseThrow());
        assertEquals(10, Arrays.stream(delays).max().orElseThrow());
        assertEquals(6, Arrays.stream(delays).distinct().count());
        assertEquals(8, Arrays.stream(batch.symbols()).distinct().count());
        assertEquals(1, Arrays.stream(batch.symbols()).min().orElseThrow());
    }

    @Test
    void theBaselineIsAUniformGuess() {
        CopyMemory task = new CopyMemory(4, 8, 10);
        Score score = task.baseline(task.batch(new SplittableRandom(1), 10));
        assertEquals(Math.log(8), score.loss(), 1e-12);
        assertEquals(0.125, score.accuracy(), 1e-12);
        assertEquals(40, score.count());
    }

    @Test
    void refusesSizesWithoutATask() {
        assertThrows(IllegalArgumentException.class, () -> new CopyMemory(0, 8, 10));
        assertThrows(IllegalArgumentException.class, () -> new CopyMemory(5, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> new CopyMemory(5, 8, 0));
    }

    private static float sum(float[] v) {
        float s = 0;
        for (float f : v) {
            s += f;
        }
        return s;
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
