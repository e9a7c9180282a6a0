package io.github.tapegrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.Indices;
import io.github.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

/** Losses over the valid positions of a padded batch: the mean over those rows only, no gradient elsewhere. */
class MaskedLossTest {

    @Test
    void maskedLossesAreTheMeanOverTheValidRowsComputedByHand() {
        qt().withExamples(30).forAll(integers().between(1, 6), integers().between(1, 4), longs().all())
                .checkAssert((rows, classes, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    boolean[] valid = new boolean[rows];
                    for (int i = 0; i < rows; i++) {
                        valid[i] = rng.nextBoolean();
                    }
                    valid[rng.nextInt(rows)] = true;
                    Tensor logits = Tensor.uniform(rng, -2, 2, DType.FLOAT64, rows, classes).requiresGrad_(true);
                    int[] target = new int[rows];
                    double expected = 0;
                    int count = 0;
                    for (int i = 0; i < rows; i++) {
                        target[i] = valid[i] ? rng.nextInt(classes) : -100; // invalid rows: not even a class id
                        if (valid[i]) {
                            double max = Double.NEGATIVE_INFINITY;
                            for (int c = 0; c < classes; c++) {
                                max = Math.max(max, logits.at(i, c));
                            }
                            double z = 0;
                            for (int c = 0; c < classes; c++) {
                                z += Math.exp(logits.at(i, c) - max);
                            }
                            expected += max + Math.log(z) - logits.at(i, target[i]);
                            count++;
                        }
                    }
                    Tensor ce = Loss.crossEntropy(logits, Indices.of(target, rows), valid);
                    assertEquals(expected / count, ce.item(), 1e-12);
                    Tensor g = Grad.grad(ce, List.of(logits)).get(0);
                    for (int i = 0; i < rows; i++) {
                        for (int c = 0; c < classes; c++) {
                            if (!valid[i]) {
                                assertEquals(0, g.at(i, c), "no gradient on an invalid row");
                            }
                        }
                    }

                    Tensor pred = Tensor.uniform(rng, -1, 1, DType.FLOAT64, rows, 2).requiresGrad_(true);
                    double[] t = new double[rows * 2];
                    double sq = 0;
                    for (int i = 0; i < rows; i++) {
                        for (int k = 0; k < 2; k++) {
                            t[i * 2 + k] = valid[i] ? rng.nextDouble() : Double.NaN; // never read
                            if (valid[i]) {
                                sq += Math.pow(pred.at(i, k) - t[i * 2 + k], 2);
                            }
                        }
                    }
                    Tensor mse = Loss.mse(pred, Tensor.of(t).reshape(rows, 2), valid);
                    assertEquals(sq / (count * 2), mse.item(), 1e-12);
                });
    }

    @Test
    void lengthMaskFollowsTheOutputLayout() {
        assertArrayEquals(new boolean[] {true, true, true, false, false, false}, Loss.lengthMask(new int[] {2, 1}, 3, false));
        assertArrayEquals(new boolean[] {true, true, false, true, false, false}, Loss.lengthMask(new int[] {2, 1}, 3, true));
        assertArrayEquals(new boolean[] {true, true, true, false}, Loss.lengthMask(new int[] {2, 1}, 2, false));
        assertThrows(IllegalArgumentException.class, () -> Loss.lengthMask(new int[] {4}, 3, false));
    }

    @Test
    void badMasksAreRefusedNamingTheShape() {
        Tensor logits = Tensor.zeros(DType.FLOAT64, 3, 2);
        Indices targets = Indices.of(new int[] {0, 1, 0}, 3);
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> Loss.crossEntropy(logits, targets, new boolean[2]));
        assertTrue(length.getMessage().contains("crossEntropy") && length.getMessage().contains("[3, 2]")
                && length.getMessage().contains("2 flags"), length.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Loss.mse(logits, logits, new boolean[3]));
        assertTrue(none.getMessage().contains("selects no row"), none.getMessage());
    }
}
