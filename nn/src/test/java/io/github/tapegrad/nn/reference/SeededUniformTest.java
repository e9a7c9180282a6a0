package io.github.tapegrad.nn.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SeededUniformTest {

    @Test
    void sameSeedGivesSameArraysInRange() {
        qt().forAll(longs().all(), integers().between(0, 50), doubles().between(0, 10)).checkAssert((seed, n, scale) -> {
            double[] a = new SeededUniform(seed).array(n, scale);
            assertArrayEquals(a, new SeededUniform(seed).array(n, scale));
            assertTrue(Arrays.stream(a).allMatch(v -> v >= -scale && v <= scale), Arrays.toString(a));
        });
    }

    @Test
    void differentSeedsGiveDifferentArrays() {
        assertFalse(Arrays.equals(new SeededUniform(1).array(8, 1), new SeededUniform(2).array(8, 1)));
    }

    @Test
    void valuesSpreadOverBothSigns() {
        double[] a = new SeededUniform(42).array(1000, 0.5);
        assertTrue(Arrays.stream(a).anyMatch(v -> v > 0.4));
        assertTrue(Arrays.stream(a).anyMatch(v -> v < -0.4));
    }
}
