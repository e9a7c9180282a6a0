package io.github.tapegrad.nn.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.github.tapegrad.nn.check.GradientDiff;
import io.github.tapegrad.nn.reference.CellKind;
import io.github.tapegrad.nn.reference.GeneratedCase;
import io.github.tapegrad.nn.reference.Mistake;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Autograd's gradients of nn's cells, run by Recurrent, equal the hand-derived reference BPTT for every
 * parameter, x and the initial states, to rounding (1e-9 relative, 1e-12 absolute near zero), float64.
 */
class ReferenceAgreementPropertiesTest {
    static final int TRIES = 50;

    @ParameterizedTest
    @EnumSource(CellKind.class)
    void autogradEqualsTheReference(CellKind kind) {
        AtomicInteger tries = new AtomicInteger();
        AtomicInteger twoLayers = new AtomicInteger();
        double[] maxError = {0};
        qt().withExamples(TRIES).forAll(VerifyCases.cases(kind)).checkAssert(c -> {
            GradientDiff diff = VerifyCases.compare(c, Mistake.NONE);
            assertTrue(diff.agrees(), () -> c + ": " + diff);
            tries.incrementAndGet();
            twoLayers.addAndGet(c.spec().layers() == 2 ? 1 : 0);
            maxError[0] = Math.max(maxError[0], diff.maxRelativeError());
        });
        System.out.printf(Locale.ROOT, "reference agreement %s: %d tries (%d with 2 layers), max relative error %.3g%n",
                kind, tries.get(), twoLayers.get(), maxError[0]);
        assertTrue(twoLayers.get() > 0, "2-layer stacks were generated");
    }

    /**
     * A failing property shrinks to a tiny case: against a reference that drops the output gate from dh_prev,
     * QuickTheories, starting from cases up to T=8, B=4, I=H=6, 2 layers, reports T ≤ 2, B = 1.
     */
    @Test
    void aFailureShrinksToASmallCase() {
        AssertionError failure = assertThrows(AssertionError.class, () -> qt().withFixedSeed(20240607L)
                .withExamples(TRIES)
                .forAll(VerifyCases.cases(CellKind.LSTM))
                .checkAssert(c -> {
                    GradientDiff diff = VerifyCases.compare(c, Mistake.LSTM_NO_OUTPUT_GATE_IN_DH_PREV);
                    assertTrue(diff.agrees(), () -> c + ": " + diff);
                }));
        GeneratedCase shrunk = VerifyCases.falsifyingCase(failure);
        System.out.println("shrunk counterexample for LSTM_NO_OUTPUT_GATE_IN_DH_PREV: " + shrunk);
        assertTrue(shrunk.spec().steps() <= 2, () -> "T not shrunk: " + shrunk);
        assertEquals(1, shrunk.spec().batch(), () -> "B not shrunk: " + shrunk);
        assertTrue(shrunk.spec().inputSize() <= 2 && shrunk.spec().hiddenSize() <= 2, () -> "I, H not shrunk: " + shrunk);
        assertTrue(!VerifyCases.compare(shrunk, Mistake.LSTM_NO_OUTPUT_GATE_IN_DH_PREV).agrees(),
                "the reported case still fails when rebuilt");
    }
}
