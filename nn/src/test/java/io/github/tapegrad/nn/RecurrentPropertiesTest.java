package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.Generate.enumValues;

class RecurrentPropertiesTest {

    enum Kind { RNN, LSTM, GRU }

    static Recurrent make(Kind kind, Dims d, int layers, boolean batchFirst, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return switch (kind) {
            case RNN -> new RNN(Recurrent.options(d.i(), d.h()).layers(layers).batchFirst(batchFirst).dtype(DType.FLOAT64).rng(rng));
            case LSTM -> new LSTM(Recurrent.options(d.i(), d.h()).layers(layers).batchFirst(batchFirst).dtype(DType.FLOAT64).rng(rng));
            case GRU -> new GRU(Recurrent.options(d.i(), d.h()).layers(layers).batchFirst(batchFirst).dtype(DType.FLOAT64).rng(rng));
        };
    }

    static int stateSize(Kind kind) {
        return kind == Kind.LSTM ? 2 : 1;
    }

    static Tensor input(long seed, int... dims) {
        return Tensor.randn(new SplittableRandom(seed ^ 0x5DEECE66DL), DType.FLOAT64, dims);
    }

    @Test
    void outputAndStateShapes() {
        qt().withExamples(40).forAll(Dims.small(), integers().between(1, 3), enumValues(Kind.class), booleans().all())
                .checkAssert((d, layers, kind, batchFirst) -> {
                    Recurrent net = make(kind, d, layers, batchFirst, 7);
                    Tensor x = batchFirst ? input(1, d.b(), d.t(), d.i()) : input(1, d.t(), d.b(), d.i());
                    RecurrentOutput out = net.forward(x);
                    if (batchFirst) {
                        Approx.assertShape(out.outputs(), d.b(), d.t(), d.h());
                    } else {
                        Approx.assertShape(out.outputs(), d.t(), d.b(), d.h());
                    }
                    assertEquals(layers, out.finalStates().size());
                    for (State s : out.finalStates()) {
                        assertEquals(stateSize(kind), s.size());
                        for (Tensor t : s.tensors()) {
                            Approx.assertShape(t, d.b(), d.h());
                        }
                    }
                    // the last step's output is the last layer's final h
                    Tensor last = batchFirst ? out.outputs().select(1, d.t() - 1) : out.outputs().select(0, d.t() - 1);
                    Approx.assertSame(out.finalState().h(), last, 0, "last output vs final h");
                });
    }

    @Test
    void batchFirstEqualsTimeFirstTransposed() {
        qt().withExamples(30).forAll(Dims.small(), integers().between(1, 2), enumValues(Kind.class), longs().all())
                .checkAssert((d, layers, kind, seed) -> {
                    Recurrent timeFirst = make(kind, d, layers, false, seed);
                    Recurrent batchFirst = make(kind, d, layers, true, seed + 1);
                    batchFirst.loadStateDict(timeFirst.namedParameters(), true);
                    Tensor x = input(seed, d.t(), d.b(), d.i());
                    RecurrentOutput a = timeFirst.forward(x);
                    RecurrentOutput b = batchFirst.forward(x.transpose(0, 1));
                    Approx.assertSame(a.outputs().transpose(0, 1), b.outputs(), 0, "outputs");
                    for (int l = 0; l < layers; l++) {
                        for (int s = 0; s < stateSize(kind); s++) {
                            Approx.assertSame(a.finalStates().get(l).get(s), b.finalStates().get(l).get(s), 0, "state");
                        }
                    }
                });
    }

    @Test
    void twoLayerStackEqualsTwoSingleLayersComposed() {
        qt().withExamples(30).forAll(Dims.small(), enumValues(Kind.class), longs().all(), booleans().all())
                .checkAssert((d, kind, seed, withInitialState) -> {
                    Recurrent stack = make(kind, d, 2, false, seed);
                    Recurrent first = make(kind, d, 1, false, seed + 1);
                    Recurrent second = make(kind, new Dims(d.t(), d.b(), d.h(), d.h()), 1, false, seed + 2);
                    first.loadStateDict(layer(stack, 0), true);
                    second.loadStateDict(layer(stack, 1), true);
                    Tensor x = input(seed, d.t(), d.b(), d.i());
                    List<State> init = null;
                    if (withInitialState) {
                        init = List.of(randomState(kind, d, seed + 3), randomState(kind, d, seed + 4));
                    }
                    RecurrentOutput whole = stack.forward(x, init);
                    RecurrentOutput h1 = first.forward(x, init == null ? null : List.of(init.get(0)));
                    RecurrentOutput h2 = second.forward(h1.outputs(), init == null ? null : List.of(init.get(1)));
                    Approx.assertSame(h2.outputs(), whole.outputs(), 1e-14, "outputs");
                    for (int s = 0; s < stateSize(kind); s++) {
                        Approx.assertSame(h1.finalState().get(s), whole.finalStates().get(0).get(s), 1e-14, "layer 0");
                        Approx.assertSame(h2.finalState().get(s), whole.finalStates().get(1).get(s), 1e-14, "layer 1");
                    }
                });
    }

    /** Layer l's parameters renamed to a 1-layer module's names (suffix _l0). */
    static Map<String, Tensor> layer(Recurrent stack, int l) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        stack.namedParameters().forEach((k, v) -> {
            if (k.endsWith("_l" + l)) {
                out.put(k.substring(0, k.length() - 1) + "0", v);
            }
        });
        return out;
    }

    static State randomState(Kind kind, Dims d, long seed) {
        return kind == Kind.LSTM ? State.of(input(seed, d.b(), d.h()), input(seed + 9, d.b(), d.h()))
                : State.of(input(seed, d.b(), d.h()));
    }
}
