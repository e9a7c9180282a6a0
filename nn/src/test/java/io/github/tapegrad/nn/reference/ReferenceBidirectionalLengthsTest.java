package io.github.tapegrad.nn.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The bidirectional and variable-length reference against its definition, in terms of the plain
 * unidirectional full-length reference (which {@link PytorchAgreementTest} pins to PyTorch): each sequence of
 * a padded batch gets what it gets alone, cut to its length; the reverse direction is the forward recurrence
 * on the time-reversed valid steps; a second bidirectional layer reads both directions of the first. Also
 * the hand-derived backward against central differences on named corner cases.
 */
class ReferenceBidirectionalLengthsTest {

    /** Unsorted, with a length 0 and a length T. */
    private static final int[] LENGTHS = {2, 4, 0, 1, 3};

    private static RecurrentSpec spec(CellKind kind, boolean bidirectional, int[] lengths) {
        return new RecurrentSpec(kind, 4, lengths.length, 3, 2, 2, bidirectional, lengths);
    }

    /**
     * Sequence b alone: B = 1, T = its length, no lengths, same parameters, its rows of x, h0, c0 and of the
     * loss weights. Outputs, final states and the gradients of its x and initial states equal its rows of the
     * batch's; the parameter gradients of the batch are the sums over the sequences. A sequence of length 0
     * keeps its initial state, outputs 0 and sends the final-state weights straight to its initial states.
     */
    @ParameterizedTest
    @EnumSource(CellKind.class)
    void eachSequenceGetsWhatItGetsAlone(CellKind kind) {
        for (boolean bidirectional : new boolean[] {false, true}) {
            RecurrentSpec spec = spec(kind, bidirectional, LENGTHS);
            ReferenceProblem batch = ReferenceProblem.random(spec, 5, 0.8);
            ReferenceForward forward = batch.forward();
            ReferenceGradients grads = batch.backward();
            int h = spec.hiddenSize();
            int width = spec.outputSize();
            int cells = spec.cellCount();
            Map<String, double[]> paramSums = new LinkedHashMap<>();
            batch.params().named().forEach((name, values) -> paramSums.put(name, new double[values.length]));
            for (int b = 0; b < spec.batch(); b++) {
                int len = LENGTHS[b];
                double[] stateRows = rows(batch.h0(), cells, spec.batch(), b, h);
                double[] cRows = kind.hasCellState() ? rows(batch.c0(), cells, spec.batch(), b, h) : null;
                double[] outputRows = rows(forward.outputs(), spec.steps(), spec.batch(), b, width);
                double[] dxRows = rows(grads.x(), spec.steps(), spec.batch(), b, spec.inputSize());
                for (int t = len; t < spec.steps(); t++) {
                    for (int k = 0; k < width; k++) {
                        assertEquals(0.0, outputRows[t * width + k], spec + " output past the length, b=" + b);
                    }
                    for (int k = 0; k < spec.inputSize(); k++) {
                        assertEquals(0.0, dxRows[t * spec.inputSize() + k], spec + " dx past the length, b=" + b);
                    }
                }
                if (len == 0) {
                    assertArrayEquals(stateRows, rows(forward.hFinal(), cells, spec.batch(), b, h));
                    assertArrayEquals(rows(batch.weights().finalH(), cells, spec.batch(), b, h),
                            rows(grads.h0(), cells, spec.batch(), b, h));
                    if (cRows != null) {
                        assertArrayEquals(cRows, rows(forward.cFinal(), cells, spec.batch(), b, h));
                        assertArrayEquals(rows(batch.weights().finalC(), cells, spec.batch(), b, h),
                                rows(grads.c0(), cells, spec.batch(), b, h));
                    }
                    continue;
                }
                RecurrentSpec aloneSpec = new RecurrentSpec(kind, len, 1, spec.inputSize(), h, spec.layers(),
                        bidirectional, null);
                LossWeights w = batch.weights();
                ReferenceProblem alone = new ReferenceProblem(aloneSpec,
                        ReferenceParams.fromNamed(aloneSpec, batch.params().named()),
                        Arrays.copyOf(rows(batch.x(), spec.steps(), spec.batch(), b, spec.inputSize()),
                                len * spec.inputSize()),
                        stateRows, cRows,
                        new LossWeights(Arrays.copyOf(rows(w.output(), spec.steps(), spec.batch(), b, width), len * width),
                                rows(w.finalH(), cells, spec.batch(), b, h),
                                kind.hasCellState() ? rows(w.finalC(), cells, spec.batch(), b, h) : null));
                ReferenceForward f = alone.forward();
                ReferenceGradients g = alone.backward();
                String what = spec + " sequence " + b;
                assertClose(f.outputs(), Arrays.copyOf(outputRows, len * width), what + " outputs");
                assertClose(f.hFinal(), rows(forward.hFinal(), cells, spec.batch(), b, h), what + " hFinal");
                assertClose(g.x(), Arrays.copyOf(dxRows, len * spec.inputSize()), what + " dx");
                assertClose(g.h0(), rows(grads.h0(), cells, spec.batch(), b, h), what + " dh0");
                if (kind.hasCellState()) {
                    assertClose(f.cFinal(), rows(forward.cFinal(), cells, spec.batch(), b, h), what + " cFinal");
                    assertClose(g.c0(), rows(grads.c0(), cells, spec.batch(), b, h), what + " dc0");
                }
                g.params().forEach((name, values) -> {
                    double[] sum = paramSums.get(name);
                    for (int k = 0; k < sum.length; k++) {
                        sum[k] += values[k];
                    }
                });
            }
            paramSums.forEach((name, sum) -> assertClose(sum, grads.param(name), spec + " " + name + " summed"));
        }
    }

    /**
     * One bidirectional layer: its reverse half is a unidirectional layer with the reverse cell's parameters
     * run on each sequence's valid steps backwards (x[len-1], ..., x[0]); its outputs land at the steps they
     * read, and its final state is the one after reading x[0].
     */
    @ParameterizedTest
    @EnumSource(CellKind.class)
    void reverseDirectionIsTheRecurrenceOnTheReversedValidSteps(CellKind kind) {
        RecurrentSpec spec = new RecurrentSpec(kind, 4, 5, 3, 2, 1, true, LENGTHS);
        ReferenceProblem p = ReferenceProblem.random(spec, 9, 0.8);
        ReferenceForward bi = p.forward();
        int h = spec.hiddenSize();
        int in = spec.inputSize();
        for (int b = 0; b < spec.batch(); b++) {
            int len = LENGTHS[b];
            double[] rowsX = rows(p.x(), spec.steps(), spec.batch(), b, in);
            double[] biRows = rows(bi.outputs(), spec.steps(), spec.batch(), b, 2 * h);
            for (int d = 0; d < 2; d++) {
                double[] h0 = Arrays.copyOfRange(p.h0(), (d * spec.batch() + b) * h, (d * spec.batch() + b + 1) * h);
                double[] c0 = kind.hasCellState()
                        ? Arrays.copyOfRange(p.c0(), (d * spec.batch() + b) * h, (d * spec.batch() + b + 1) * h) : null;
                double[] hFinal = Arrays.copyOfRange(bi.hFinal(), (d * spec.batch() + b) * h, (d * spec.batch() + b + 1) * h);
                if (len == 0) {
                    assertArrayEquals(h0, hFinal, "length 0 keeps the initial state");
                    continue;
                }
                RecurrentSpec uni = new RecurrentSpec(kind, len, 1, in, h, 1);
                double[] x = new double[len * in];
                for (int t = 0; t < len; t++) {
                    int source = d == 1 ? len - 1 - t : t;
                    System.arraycopy(rowsX, source * in, x, t * in, in);
                }
                ReferenceForward one = ReferenceBptt.forward(uni, ReferenceParams.of(uni, List.of(p.params().cell(0, d))),
                        x, h0, c0);
                for (int t = 0; t < len; t++) {
                    int at = d == 1 ? len - 1 - t : t;
                    assertArrayEquals(Arrays.copyOfRange(one.outputs(), t * h, (t + 1) * h),
                            Arrays.copyOfRange(biRows, at * 2 * h + d * h, at * 2 * h + (d + 1) * h),
                            kind + " b=" + b + " direction " + d + " step " + at);
                }
                assertArrayEquals(one.hFinal(), hFinal, kind + " b=" + b + " direction " + d + " final state");
            }
        }
    }

    /** Layer 1 of a bidirectional stack is a bidirectional layer on layer 0's [T, B, 2H] outputs. */
    @Test
    void secondBidirectionalLayerReadsBothDirectionsOfTheFirst() {
        RecurrentSpec two = new RecurrentSpec(CellKind.GRU, 4, 5, 3, 2, 2, true, LENGTHS);
        ReferenceProblem p = ReferenceProblem.random(two, 7, 0.8);
        int half = two.stateLength() / 2;
        RecurrentSpec first = new RecurrentSpec(CellKind.GRU, 4, 5, 3, 2, 1, true, LENGTHS);
        RecurrentSpec second = new RecurrentSpec(CellKind.GRU, 4, 5, 4, 2, 1, true, LENGTHS);
        ReferenceForward below = ReferenceBptt.forward(first,
                ReferenceParams.of(first, List.of(p.params().cell(0, 0), p.params().cell(0, 1))), p.x(),
                Arrays.copyOfRange(p.h0(), 0, half), null);
        ReferenceForward above = ReferenceBptt.forward(second,
                ReferenceParams.of(second, List.of(p.params().cell(1, 0), p.params().cell(1, 1))), below.outputs(),
                Arrays.copyOfRange(p.h0(), half, 2 * half), null);
        ReferenceForward stacked = p.forward();
        assertArrayEquals(above.outputs(), stacked.outputs());
        double[] finals = new double[2 * half];
        System.arraycopy(below.hFinal(), 0, finals, 0, half);
        System.arraycopy(above.hFinal(), 0, finals, half, half);
        assertArrayEquals(finals, stacked.hFinal());
    }

    /** Values of x past a sequence's length are never read. */
    @Test
    void paddingOfXIsNeverRead() {
        RecurrentSpec spec = spec(CellKind.LSTM, true, LENGTHS);
        ReferenceProblem p = ReferenceProblem.random(spec, 3, 0.8);
        double[] x = p.x();
        int in = spec.inputSize();
        for (int t = 0; t < spec.steps(); t++) {
            for (int b = 0; b < spec.batch(); b++) {
                if (t >= LENGTHS[b]) {
                    Arrays.fill(x, (t * spec.batch() + b) * in, (t * spec.batch() + b + 1) * in, 1e3);
                }
            }
        }
        ReferenceProblem padded = p.withX(x);
        assertNotEquals(Arrays.toString(p.x()), Arrays.toString(padded.x()));
        assertArrayEquals(p.forward().outputs(), padded.forward().outputs());
        assertArrayEquals(p.forward().hFinal(), padded.forward().hFinal());
        assertArrayEquals(p.forward().cFinal(), padded.forward().cFinal());
        assertSameGradients(p.backward(), padded.backward());
    }

    /** Lengths all equal to T run exactly what no lengths run. */
    @ParameterizedTest
    @EnumSource(CellKind.class)
    void fullLengthsEqualNoLengths(CellKind kind) {
        RecurrentSpec none = new RecurrentSpec(kind, 3, 2, 2, 3, 2, true, null);
        ReferenceProblem p = ReferenceProblem.random(none, 4, 0.8);
        RecurrentSpec full = none.withLengths(new int[] {3, 3});
        ReferenceProblem q = new ReferenceProblem(full, ReferenceParams.fromNamed(full, p.params().named()), p.x(),
                p.h0(), p.c0(), p.weights());
        assertArrayEquals(p.forward().outputs(), q.forward().outputs());
        assertArrayEquals(p.forward().hFinal(), q.forward().hFinal());
        assertSameGradients(p.backward(), q.backward());
    }

    /** The hand-derived backward against central differences on named corner cases. */
    @ParameterizedTest
    @EnumSource(CellKind.class)
    void backwardMatchesCentralDifferencesOnCornerCases(CellKind kind) {
        List<RecurrentSpec> specs = List.of(
                spec(kind, true, LENGTHS),
                spec(kind, false, LENGTHS),
                new RecurrentSpec(kind, 3, 2, 2, 2, 2, true, new int[] {0, 0}),
                new RecurrentSpec(kind, 4, 3, 2, 2, 2, true, new int[] {1, 3, 2}),
                new RecurrentSpec(kind, 3, 2, 2, 3, 2, true, null));
        long seed = 21;
        int checked = 0;
        for (RecurrentSpec spec : specs) {
            ReferenceProblem problem = ReferenceProblem.random(spec, seed++, GeneratedCase.SCALE);
            if (problem.reluKinkDistance() <= ReferenceBpttPropertiesTest.KINK_MARGIN) {
                continue; // relu's kink within a difference step: no estimate of the derivative
            }
            GradientComparison.Mismatch worst = GradientComparison.worst(problem.backward(),
                    CentralDifferences.of(problem, ReferenceBpttPropertiesTest.EPS), ReferenceBpttPropertiesTest.FLOOR);
            assertTrue(worst.error() < ReferenceBpttPropertiesTest.TOLERANCE, () -> spec + ": " + worst);
            checked++;
        }
        assertTrue(checked >= 3, kind + ": only " + checked + " of " + specs.size() + " cases away from relu's kink");
    }

    @Test
    void bidirectionalParametersAndStatesAreNamedAndShapedAsPytorch() {
        RecurrentSpec spec = new RecurrentSpec(CellKind.LSTM, 1, 2, 3, 5, 2, true, null);
        ReferenceGradients g = ReferenceProblem.random(spec, 1, 0.5).backward();
        List<String> expected = new ArrayList<>();
        for (String suffix : List.of("_l0", "_l0_reverse", "_l1", "_l1_reverse")) {
            for (String stem : List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh")) {
                expected.add(stem + suffix);
            }
        }
        assertEquals(expected, List.copyOf(g.params().keySet()));
        assertEquals(20 * 3, g.param("weight_ih_l0_reverse").length);
        assertEquals(20 * 10, g.param("weight_ih_l1").length, "layer 1 reads both directions: 2H features");
        assertEquals(20 * 10, g.param("weight_ih_l1_reverse").length);
        assertEquals(4 * 2 * 5, g.h0().length, "[layers*2, B, H]");
        assertEquals(1 * 2 * 10, spec.outputLength(), "[T, B, 2H]");
    }

    @Test
    void badLengthsAreRejectedWithTheNumbersNamed() {
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> new RecurrentSpec(CellKind.GRU, 3, 2, 1, 1, 1, false, new int[] {1}));
        assertTrue(count.getMessage().contains("B=2 needs 2 lengths, got [1]"), count.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> new RecurrentSpec(CellKind.GRU, 3, 2, 1, 1, 1, false, new int[] {1, 4}));
        assertTrue(range.getMessage().contains("length 4 of sequence 1 is outside [0, 3]"), range.getMessage());
        RecurrentSpec bi = new RecurrentSpec(CellKind.GRU, 3, 2, 1, 1, 1, true, null);
        IllegalArgumentException layer = assertThrows(IllegalArgumentException.class,
                () -> ReferenceProblem.random(bi, 1, 0.5).params().layer(0));
        assertTrue(layer.getMessage().contains("cell(layer, direction)"), layer.getMessage());
    }

    @Test
    void specsCompareByValueAndPrintTheirLengths() {
        int[] lengths = {1, 0};
        RecurrentSpec spec = new RecurrentSpec(CellKind.RNN_TANH, 2, 2, 1, 1, 1, true, lengths);
        lengths[0] = 2;
        assertEquals(new RecurrentSpec(CellKind.RNN_TANH, 2, 2, 1, 1, 1, true, new int[] {1, 0}), spec);
        assertEquals(spec.hashCode(), new RecurrentSpec(CellKind.RNN_TANH, 2, 2, 1, 1, 1, true, new int[] {1, 0}).hashCode());
        assertNotEquals(spec, spec.withLengths(null));
        assertEquals("RNN_TANH[T=2, B=2, I=1, H=1, layers=1, bidirectional, lengths=[1, 0]]", spec.toString());
        assertEquals("RNN_TANH[T=2, B=2, I=1, H=1, layers=1]", new RecurrentSpec(CellKind.RNN_TANH, 2, 2, 1, 1, 1).toString());
    }

    private static void assertSameGradients(ReferenceGradients expected, ReferenceGradients actual) {
        Map<String, double[]> a = actual.all();
        expected.all().forEach((name, values) -> assertArrayEquals(values, a.get(name), name));
        assertEquals(expected.all().keySet(), a.keySet());
    }

    /** Rows {@code [.., b, :]} of a {@code [outer, batch, width]} array: {@code [outer, width]}. */
    private static double[] rows(double[] values, int outer, int batch, int b, int width) {
        double[] out = new double[outer * width];
        for (int o = 0; o < outer; o++) {
            System.arraycopy(values, (o * batch + b) * width, out, o * width, width);
        }
        return out;
    }

    /** Equal to rounding: the sums behind parameter gradients may add in another order. */
    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], 1e-13 * Math.max(1, Math.abs(expected[k])), what + " [" + k + "]");
        }
    }
}
