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
import io.github.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Variable-length batches with torch's semantics, checked against the definition: a padded batch with lengths
 * must give, for every sequence, what the same stack gives on that sequence alone (cut to its length, batch of
 * one): outputs, final states and every gradient; the padding is 0 and receives no gradient.
 */
class VariableLengthTest {
    private static final List<String> CELLS = List.of("lstm", "gru", "rnn", "mgu", "lnlstm", "vanilla");

    private static Recurrent stack(String cell, int in, int hidden, int layers, boolean bi, boolean batchFirst,
                                   long seed) {
        return new Recurrent(Cells.factory(cell), Recurrent.options(in, hidden).layers(layers).bidirectional(bi)
                .batchFirst(batchFirst).dtype(DType.FLOAT64).rng(new SplittableRandom(seed)));
    }

    private static int[] lengths(SplittableRandom rng, int batch, int steps) {
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            lengths[b] = rng.nextInt(steps + 1); // 0 allowed
        }
        lengths[rng.nextInt(batch)] = steps; // the longest sets T
        return lengths;
    }

    /** Sequence b of a [T, B, ·] or [B, T, ·] tensor, first {@code length} steps, as a batch of one. */
    private static Tensor one(Tensor x, int b, int length, boolean batchFirst) {
        return batchFirst ? x.narrow(0, b, 1).narrow(1, 0, length) : x.narrow(1, b, 1).narrow(0, 0, length);
    }

    private static double maxDiff(Tensor a, Tensor b) {
        try (Grad.Scope off = Grad.off()) {
            return a.numel() == 0 ? 0 : a.sub(b).abs().max().item();
        }
    }

    @Test
    void eachSequenceGetsWhatItGetsAloneOutputsStatesAndGradients() {
        qt().withExamples(12).forAll(integers().between(1, 5), integers().between(1, 4), integers().between(0, 7),
                longs().all()).checkAssert((steps, batch, shape, seed) -> {
                    boolean bi = (shape & 1) != 0;
                    boolean batchFirst = (shape & 2) != 0;
                    int layers = 1 + ((shape >> 2) & 1);
                    SplittableRandom rng = new SplittableRandom(seed);
                    String name = CELLS.get(rng.nextInt(CELLS.size()));
                    Recurrent net = stack(name, 3, 2, layers, bi, batchFirst, seed);
                    String what = name + " layers=" + layers + " bi=" + bi + " batchFirst=" + batchFirst;
                    int[] lengths = lengths(rng, batch, steps);
                    Tensor x = Tensor.uniform(rng, -1, 1, DType.FLOAT64, batchFirst ? batch : steps,
                            batchFirst ? steps : batch, 3).requiresGrad_(true);
                    List<State> init = new ArrayList<>();
                    List<Tensor> leaves = new ArrayList<>(List.of(x));
                    for (Cell c : net.cells()) {
                        List<Tensor> ts = new ArrayList<>();
                        for (int k = 0; k < c.stateNames().size(); k++) {
                            Tensor t = Tensor.uniform(rng, -1, 1, DType.FLOAT64, batch, 2).requiresGrad_(true);
                            ts.add(t);
                            leaves.add(t);
                        }
                        init.add(new State(ts));
                    }
                    leaves.addAll(net.parameters());
                    Tensor wOut = Tensor.uniform(rng, -1, 1, DType.FLOAT64, batchFirst ? batch : steps,
                            batchFirst ? steps : batch, net.hiddenSize());
                    RecurrentOutput all = net.forward(x, lengths, init);
                    Tensor loss = all.outputs().mul(wOut).sum();
                    for (State s : all.finalStates()) {
                        for (Tensor t : s.tensors()) {
                            loss = loss.add(t.mul(t).sum());
                        }
                    }
                    List<Tensor> grads = Grad.grad(loss, leaves);

                    List<Tensor> summed = null;
                    for (int b = 0; b < batch; b++) {
                        int len = lengths[b];
                        List<State> initB = new ArrayList<>();
                        for (State s : init) {
                            List<Tensor> ts = new ArrayList<>();
                            for (Tensor t : s.tensors()) {
                                ts.add(t.narrow(0, b, 1));
                            }
                            initB.add(new State(ts));
                        }
                        RecurrentOutput alone = net.forward(one(x, b, len, batchFirst), initB);
                        Tensor outB = one(all.outputs(), b, steps, batchFirst);
                        assertTrue(maxDiff(one(all.outputs(), b, len, batchFirst), alone.outputs()) < 1e-13, what);
                        assertEquals(0, maxDiff(outB.narrow(batchFirst ? 1 : 0, len, steps - len),
                                Tensor.zeros(DType.FLOAT64, batchFirst ? 1 : steps - len, batchFirst ? steps - len : 1,
                                        net.hiddenSize())), what + ": padding is 0");
                        Tensor lossB = alone.outputs().mul(one(wOut, b, len, batchFirst)).sum();
                        for (int c = 0; c < alone.finalStates().size(); c++) {
                            for (int k = 0; k < alone.finalStates().get(c).size(); k++) {
                                Tensor t = alone.finalStates().get(c).get(k);
                                assertTrue(maxDiff(all.finalStates().get(c).get(k).narrow(0, b, 1), t) < 1e-13,
                                        what + ": final state of cell " + c + " for sequence " + b + " (length " + len
                                                + ")");
                                lossB = lossB.add(t.mul(t).sum());
                            }
                        }
                        List<Tensor> gradsB = Grad.grad(lossB, leaves);
                        if (summed == null) {
                            summed = gradsB;
                        } else {
                            for (int i = 0; i < summed.size(); i++) {
                                summed.set(i, summed.get(i).add(gradsB.get(i)));
                            }
                        }
                    }
                    for (int i = 0; i < grads.size(); i++) {
                        assertTrue(maxDiff(grads.get(i), summed.get(i)) < 1e-12, what + ": gradient of leaf " + i);
                    }
                });
    }

    @Test
    void whenEveryLengthIsTheFullLengthTheResultIsTheFixedLengthOneBitForBit() {
        Recurrent net = stack("lstm", 3, 4, 2, true, false, 3);
        Tensor x = Tensor.uniform(new SplittableRandom(4), -1, 1, DType.FLOAT64, 5, 3, 3);
        RecurrentOutput fixed = net.forward(x);
        RecurrentOutput lengths = net.forward(x, new int[] {5, 5, 5});
        assertEquals(0, maxDiff(fixed.outputs(), lengths.outputs()));
        PackedOutput packed = net.forward(PackedSequence.pack(x, new int[] {5, 5, 5}, false), null);
        assertEquals(0, maxDiff(fixed.outputs(), packed.outputs().pad(false)), "the packed path, sorted already");
        assertEquals(0, maxDiff(fixed.finalState().h(), packed.finalState().h()));
    }

    @Test
    void packThenPadRestoresTheValidStepsAndFillsThePadding() {
        Tensor x = Tensor.arange(4 * 3 * 2, DType.FLOAT64).reshape(4, 3, 2);
        int[] lengths = {2, 4, 0};
        PackedSequence p = PackedSequence.pack(x, lengths, false);
        assertArrayEquals(new int[] {2, 2, 1, 1}, p.batchSizes());
        assertArrayEquals(new int[] {1, 0, 2}, p.sortedIndices());
        assertEquals(6, p.totalRows());
        // step 0: sequences 1 then 0; step 1: 1, 0; steps 2, 3: sequence 1
        assertArrayEquals(new double[] {2, 3, 0, 1, 8, 9, 6, 7, 14, 15, 20, 21}, p.data().toDoubleArray());
        Tensor padded = p.pad(false, -1, 5);
        assertEquals(List.of(5, 3, 2), List.of(padded.dim(0), padded.dim(1), padded.dim(2)));
        for (int t = 0; t < 5; t++) {
            for (int b = 0; b < 3; b++) {
                for (int f = 0; f < 2; f++) {
                    double expected = t < lengths[b] ? x.at(t, b, f) : -1;
                    assertEquals(expected, padded.at(t, b, f), "t=" + t + " b=" + b);
                }
            }
        }
        Tensor batchFirst = PackedSequence.pack(x.transpose(0, 1), lengths, true).pad(true);
        assertEquals(List.of(3, 4, 2), List.of(batchFirst.dim(0), batchFirst.dim(1), batchFirst.dim(2)));
        assertEquals(0, maxDiff(batchFirst.transpose(0, 1), p.pad(false)));
    }

    @Test
    void badLengthsAreRefusedNamingTheShapes() {
        Recurrent net = stack("gru", 3, 2, 1, false, false, 1);
        Tensor x = Tensor.zeros(DType.FLOAT64, 4, 2, 3);
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> net.forward(x, new int[] {4}));
        assertTrue(count.getMessage().contains("1 lengths for a batch of 2") && count.getMessage().contains("[4, 2, 3]"),
                count.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> net.forward(x, new int[] {4, 5}));
        assertTrue(range.getMessage().contains("length 5 of sequence 1") && range.getMessage().contains("[0, 4]"),
                range.getMessage());
        assertThrows(IllegalArgumentException.class, () -> net.forward(x, new int[] {-1, 2}));
        PackedSequence p = PackedSequence.pack(x, new int[] {4, 2}, false);
        IllegalArgumentException pad = assertThrows(IllegalArgumentException.class, () -> p.pad(false, 0, 3));
        assertTrue(pad.getMessage().contains("totalLength 3"), pad.getMessage());
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> net.forward(PackedSequence.pack(Tensor.zeros(DType.FLOAT64, 4, 2, 5), new int[] {4, 2}, false),
                        null));
        assertTrue(width.getMessage().contains("[6, 5]"), width.getMessage());
    }

    @Test
    void theWorkSkipsPaddingTheStepsRunOnTheSequencesStillRunning() {
        // a cell that records each step's batch: a sequence that ended is not stepped again
        List<Integer> seen = new ArrayList<>();
        CellFactory<Cell> recording = config -> new Cell("Recording", config, "h") {
            @Override
            protected State step(Tensor in, State state) {
                seen.add(in.dim(0));
                return State.of(in.narrow(1, 0, 2).add(state.h()));
            }
        };
        Recurrent net = new Recurrent(recording, Recurrent.options(2, 2).dtype(DType.FLOAT64));
        net.forward(Tensor.ones(DType.FLOAT64, 5, 4, 2), new int[] {1, 5, 3, 3});
        assertEquals(List.of(4, 3, 3, 1, 1), seen);
    }
}
