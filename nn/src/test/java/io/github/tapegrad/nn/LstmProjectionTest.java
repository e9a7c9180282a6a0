package io.github.tapegrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.checkpoint.Checkpoint;
import io.github.tapegrad.nn.checkpoint.CheckpointException;
import io.github.tapegrad.nn.zoo.MguCell;
import io.github.tapegrad.nn.zoo.PeepholeLSTMCell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * LSTM with projection, as torch.nn.LSTM(proj_size=P): h = W_hr (o ⊙ tanh c), weight_hr_l{k} [P, H] after bias_hh,
 * weight_hh [4H, P], h states [B, P], c states [B, H], outputs P wide (2P bidirectional), the next layer reading
 * P·directions features; and the per-state sizes of the Cell contract it rests on.
 */
class LstmProjectionTest {

    @TempDir
    Path dir;

    private static Recurrent.Options options(int in, int hidden, int proj, int layers, boolean bi, long seed) {
        return Recurrent.options(in, hidden).projSize(proj).layers(layers).bidirectional(bi).dtype(DType.FLOAT64)
                .rng(new SplittableRandom(seed));
    }

    private static List<Integer> dims(Tensor t) {
        List<Integer> out = new ArrayList<>();
        for (int d : t.shape().toArray()) {
            out.add(d);
        }
        return out;
    }

    private static Map<String, List<Integer>> shapes(Module m) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        m.namedParameters().forEach((k, v) -> out.put(k, dims(v)));
        return out;
    }

    // ------------------------------------------------------------------ names, shapes, counts

    @Test
    void namesShapesAndOrderAreTorchs() {
        // torch.nn.LSTM(10, 20, num_layers=2, proj_size=5).state_dict(): key -> shape, in this order
        Map<String, List<Integer>> torch = new LinkedHashMap<>();
        for (int l = 0; l < 2; l++) {
            torch.put("weight_ih_l" + l, List.of(80, l == 0 ? 10 : 5));
            torch.put("weight_hh_l" + l, List.of(80, 5));
            torch.put("bias_ih_l" + l, List.of(80));
            torch.put("bias_hh_l" + l, List.of(80));
            torch.put("weight_hr_l" + l, List.of(5, 20));
        }
        LSTM lstm = new LSTM(Recurrent.options(10, 20).layers(2).projSize(5));
        assertEquals(List.copyOf(torch.entrySet()), List.copyOf(shapes(lstm).entrySet()));
        assertEquals("LSTM(10, 20, numLayers=2, proj_size=5)", lstm.toString());
        assertEquals("LSTMCell(10, 20, proj_size=5)", lstm.cell(0).toString());
        assertEquals(5, lstm.hiddenSize(), "the output width");
        LSTMCell cell = (LSTMCell) lstm.cell(1);
        assertEquals(List.of(5, 20, 20, 5), List.of(cell.outputSize(), cell.stateSize(1), cell.hiddenSize(),
                cell.projSize()));
        assertEquals(List.of(5, 20), dims(cell.weightHr()));
    }

    @Test
    void bidirectionalNamesAndTheNextLayerReadsTwoP() {
        // torch.nn.LSTM(3, 4, num_layers=2, proj_size=2, bidirectional=True): each direction's five, l0 then l1
        LSTM lstm = new LSTM(Recurrent.options(3, 4).layers(2).bidirectional(true).projSize(2));
        List<String> expected = new ArrayList<>();
        for (String suffix : List.of("_l0", "_l0_reverse", "_l1", "_l1_reverse")) {
            for (String p : List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_hr")) {
                expected.add(p + suffix);
            }
        }
        assertEquals(expected, List.copyOf(lstm.namedParameters().keySet()));
        assertEquals(List.of(16, 4), shapes(lstm).get("weight_ih_l1_reverse"), "layer 1 reads 2P = 4 features");
        assertEquals(List.of(16, 2), shapes(lstm).get("weight_hh_l1"));
        assertEquals(List.of(2, 4), shapes(lstm).get("weight_hr_l1_reverse"));
        assertEquals(4, lstm.hiddenSize());
        assertEquals("LSTM(3, 4, numLayers=2, proj_size=2, bidirectional)", lstm.toString());
    }

    /** torch: per layer and direction 4H·I_l + 4H·P + 8H + P·H, with I_0 = I and I_l = P·directions after. */
    @Test
    void parameterCountIsTorchsFormula() {
        qt().withExamples(40).forAll(integers().between(1, 6), integers().between(2, 9), integers().between(1, 3),
                booleans().all()).checkAssert((in, hidden, layers, bi) -> {
                    int proj = 1 + Math.floorMod(in * 7 + hidden, hidden - 1); // 1..H-1
                    int dirs = bi ? 2 : 1;
                    long expected = 0;
                    for (int l = 0; l < layers; l++) {
                        int input = l == 0 ? in : proj * dirs;
                        expected += dirs * (4L * hidden * input + 4L * hidden * proj + 8L * hidden
                                + (long) proj * hidden);
                    }
                    LSTM lstm = new LSTM(Recurrent.options(in, hidden).layers(layers).bidirectional(bi)
                            .projSize(proj));
                    assertEquals(expected, lstm.parameterCount(), lstm::toString);
                });
    }

    @Test
    void outputsAndStatesAreShapedByP() {
        qt().withExamples(25).forAll(integers().between(0, 4), integers().between(1, 3), integers().between(0, 3),
                longs().all()).checkAssert((steps, batch, stack, seed) -> {
                    int layers = 1 + stack % 2;
                    boolean bi = stack >= 2;
                    LSTM lstm = new LSTM(options(3, 5, 2, layers, bi, seed));
                    int dirs = bi ? 2 : 1;
                    RecurrentOutput out = lstm.forward(Tensor.uniform(new SplittableRandom(seed), -1, 1, DType.FLOAT64,
                            steps, batch, 3));
                    assertEquals(List.of(steps, batch, 2 * dirs), dims(out.outputs()));
                    assertEquals(layers * dirs, out.finalStates().size());
                    for (State s : out.finalStates()) {
                        assertEquals(List.of(batch, 2), dims(s.h()));
                        assertEquals(List.of(batch, 5), dims(s.get(1)));
                    }
                    State init = lstm.cell(0).initialState(batch, DType.FLOAT64);
                    assertEquals(List.of(List.of(batch, 2), List.of(batch, 5)), List.of(dims(init.h()),
                            dims(init.get(1))));
                });
    }

    /** PyTorch's reset_parameters: every parameter, weight_hr too, from U(−1/sqrt(H), 1/sqrt(H)). */
    @Test
    void everyParameterIsDrawnAsTorchDrawsIt() {
        LSTM lstm = new LSTM(Recurrent.options(6, 16).projSize(8).dtype(DType.FLOAT64).rng(new SplittableRandom(3)));
        double bound = 1 / Math.sqrt(16);
        lstm.namedParameters().forEach((name, p) -> {
            double[] v = p.toDoubleArray();
            double max = 0;
            for (double e : v) {
                assertTrue(Math.abs(e) <= bound, name + " entry " + e + " outside ±" + bound);
                max = Math.max(max, Math.abs(e));
            }
            assertTrue(max > 0.8 * bound, name + " is not spread over ±1/sqrt(H): max |entry| " + max);
        });
    }

    @Test
    void withoutProjectionNothingChanges() {
        LSTMCell cell = new LSTMCell(CellConfig.of(3, 4).projSize(0));
        assertNull(cell.weightHr());
        assertEquals(0, cell.projSize());
        assertEquals(4, cell.outputSize());
        assertEquals("LSTMCell(3, 4)", cell.toString());
        assertEquals(List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh"), List.copyOf(shapes(cell).keySet()));
        assertEquals("LSTM(3, 4, numLayers=1)", new LSTM(Recurrent.options(3, 4)).toString());
    }

    // ------------------------------------------------------------------ refusals

    @Test
    void projSizeMustBeBetweenOneAndHiddenSizeMinusOne() {
        for (int bad : new int[] {4, 5, -1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Recurrent.options(3, 4).projSize(bad));
            assertTrue(e.getMessage().contains("Recurrent.Options") && e.getMessage().contains("projSize=" + bad)
                    && e.getMessage().contains("hiddenSize=4"), e.getMessage());
            IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                    () -> CellConfig.of(3, 4).projSize(bad));
            assertTrue(c.getMessage().contains("CellConfig") && c.getMessage().contains("projSize=" + bad),
                    c.getMessage());
        }
        IllegalArgumentException shrunk = assertThrows(IllegalArgumentException.class,
                () -> CellConfig.of(3, 4).projSize(2).hiddenSize(2));
        assertTrue(shrunk.getMessage().contains("projSize=2, hiddenSize=2"), shrunk.getMessage());
    }

    @Test
    void cellsThatDoNotProjectRefuseProjSize() {
        CellConfig projected = CellConfig.of(3, 4).projSize(2);
        List<Runnable> attempts = List.of(
                () -> new GRUCell(projected),
                () -> new RNNCell(projected),
                () -> new PeepholeLSTMCell(projected),
                () -> new MguCell(projected),
                () -> Cells.factory("lnlstm").create(projected),
                () -> new GRU(Recurrent.options(3, 4).projSize(2)),
                () -> new RNN(Recurrent.options(3, 4).projSize(2)));
        for (Runnable attempt : attempts) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, attempt::run);
            assertTrue(e.getMessage().contains("does not support projSize") && e.getMessage().contains("projSize=2"),
                    e.getMessage());
        }
        String gru = assertThrows(IllegalArgumentException.class, () -> new GRUCell(projected)).getMessage();
        assertTrue(gru.startsWith("GRUCell "), gru);
    }

    @Test
    void aFactoryIgnoringProjSizeIsRefusedByTheStack() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Recurrent(c -> new LSTMCell(c.projSize(0)), Recurrent.options(3, 4).projSize(2)));
        assertTrue(e.getMessage().contains("projSize 2") && e.getMessage().contains("LSTMCell(3, 4)"), e.getMessage());
    }

    @Test
    void statesOfTheWrongWidthAreNamedWithEveryShape() {
        LSTM lstm = new LSTM(options(3, 4, 2, 1, false, 1));
        Tensor x = Tensor.zeros(DType.FLOAT64, 2, 1, 3);
        State unprojected = State.of(Tensor.zeros(DType.FLOAT64, 1, 4), Tensor.zeros(DType.FLOAT64, 1, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> lstm.forward(x, List.of(unprojected)));
        assertTrue(e.getMessage().contains("LSTMCell(3, 4, proj_size=2)")
                && e.getMessage().contains("h [1, 2], c [1, 4]") && e.getMessage().contains("State([1, 4], [1, 4])"),
                e.getMessage());
    }

    /** A custom cell declaring the width of its hidden output after its gates read it. */
    static final class LateStateSize extends Cell implements Cell.Projectable {
        LateStateSize(CellConfig config) {
            super("LateStateSize", config, "h", "c");
            gates("i", "f", "g", "o");
            stateSize("h", config.projSize());
        }

        @Override
        protected State step(Tensor in, State state) {
            return state;
        }
    }

    static final class UnknownState extends Cell {
        UnknownState(CellConfig config) {
            super("UnknownState", config, "h");
            stateSize("c", 2);
        }

        @Override
        protected State step(Tensor in, State state) {
            return state;
        }
    }

    @Test
    void stateSizesAreDeclaredBeforeTheGatesAndByName() {
        IllegalStateException late = assertThrows(IllegalStateException.class,
                () -> new LateStateSize(CellConfig.of(3, 4).projSize(2)));
        assertTrue(late.getMessage().contains("LateStateSize.stateSize(\"h\", 2)")
                && late.getMessage().contains("weight_hh") && late.getMessage().contains("before"), late.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new UnknownState(CellConfig.of(3, 4)));
        assertTrue(unknown.getMessage().contains("UnknownState.stateSize") && unknown.getMessage().contains("[h]"),
                unknown.getMessage());
    }

    // ------------------------------------------------------------------ values

    /**
     * The projected LSTM written out in plain tensor ops, layer by layer and step by step: z = x W_ihᵀ + b_ih +
     * h W_hhᵀ + b_hh; c' = σ(f) c + σ(i) tanh(g); h' = (σ(o) tanh(c')) W_hrᵀ; the reverse direction reads the
     * sequence from its end; layer l + 1 reads both directions' h, concatenated.
     */
    private static RecurrentOutput composed(Recurrent net, Tensor x, List<State> init) {
        Map<String, Tensor> p = net.namedParameters();
        int dirs = net.bidirectional() ? 2 : 1;
        int steps = x.dim(0);
        Tensor seq = x;
        List<State> finals = new ArrayList<>();
        for (int l = 0; l < net.numLayers(); l++) {
            List<Tensor> outs = new ArrayList<>();
            for (int d = 0; d < dirs; d++) {
                String s = "_l" + l + (d == 1 ? "_reverse" : "");
                Tensor wIh = p.get("weight_ih" + s), wHh = p.get("weight_hh" + s), wHr = p.get("weight_hr" + s);
                Tensor bIh = p.get("bias_ih" + s), bHh = p.get("bias_hh" + s);
                State st = init.get(l * dirs + d);
                Tensor h = st.h(), c = st.get(1);
                Tensor[] hs = new Tensor[steps];
                for (int i = 0; i < steps; i++) {
                    int t = d == 0 ? i : steps - 1 - i;
                    Tensor xt = seq.select(0, t);
                    Tensor z = xt.matmul(wIh.transpose(0, 1)).add(bIh).add(h.matmul(wHh.transpose(0, 1))).add(bHh);
                    List<Tensor> g = z.chunk(4, 1);
                    c = g.get(1).sigmoid().mul(c).add(g.get(0).sigmoid().mul(g.get(2).tanh()));
                    h = g.get(3).sigmoid().mul(c.tanh()).matmul(wHr.transpose(0, 1));
                    hs[t] = h;
                }
                finals.add(State.of(h, c));
                outs.add(Tensor.stack(List.of(hs), 0));
            }
            seq = dirs == 1 ? outs.get(0) : Tensor.concat(outs, 2);
        }
        return new RecurrentOutput(seq, finals);
    }

    private static double maxRelDiff(Tensor expected, Tensor actual) {
        assertEquals(dims(expected), dims(actual));
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            worst = Math.max(worst, Math.abs(e[i] - a[i]) / Math.max(1, Math.abs(e[i])));
        }
        return worst;
    }

    /** Values and every gradient (parameters, x, initial states) of the built-in path equal the ops written out. */
    @Test
    void equalsTheLstmWrittenOutThenMultipliedByWeightHr() {
        qt().withExamples(12).forAll(integers().between(1, 4), integers().between(1, 3), integers().between(0, 3),
                longs().all()).checkAssert((steps, batch, stack, seed) -> {
                    int layers = 1 + stack % 2;
                    boolean bi = stack >= 2;
                    LSTM lstm = new LSTM(options(3, 5, 3, layers, bi, seed));
                    SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
                    Tensor x = Tensor.uniform(rng, -1, 1, DType.FLOAT64, steps, batch, 3);
                    List<State> init = new ArrayList<>();
                    for (Cell cell : lstm.cells()) {
                        init.add(State.of(Tensor.uniform(rng, -0.5, 0.5, DType.FLOAT64, batch, cell.outputSize()),
                                Tensor.uniform(rng, -0.5, 0.5, DType.FLOAT64, batch, cell.hiddenSize())));
                    }
                    Tensor w = Tensor.uniform(rng, -1, 1, DType.FLOAT64, steps, batch, lstm.hiddenSize());
                    Map<String, Tensor> a = valuesAndGradients(lstm, x, init, w, false);
                    Map<String, Tensor> b = valuesAndGradients(lstm, x, init, w, true);
                    assertEquals(a.keySet(), b.keySet());
                    for (String k : a.keySet()) {
                        double diff = maxRelDiff(b.get(k), a.get(k));
                        assertTrue(diff <= 1e-12, k + " differs by " + diff + " in " + lstm);
                    }
                });
    }

    /** Outputs, final states and gradients of L = sum(w ⊙ outputs) + sum of the final states. */
    private static Map<String, Tensor> valuesAndGradients(Recurrent net, Tensor x, List<State> init, Tensor w,
                                                          boolean written) {
        Tensor input = x.detach().requiresGrad_(true);
        List<Tensor> leaves = new ArrayList<>(net.parameters());
        leaves.add(input);
        List<State> states = new ArrayList<>();
        for (State s : init) {
            Tensor h = s.h().detach().requiresGrad_(true), c = s.get(1).detach().requiresGrad_(true);
            leaves.add(h);
            leaves.add(c);
            states.add(State.of(h, c));
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (Grad.Scope on = Grad.on()) {
            RecurrentOutput r = written ? composed(net, input, states) : net.forward(input, states);
            Tensor loss = r.outputs().mul(w).sum();
            for (int k = 0; k < r.finalStates().size(); k++) {
                State s = r.finalStates().get(k);
                out.put("h_final" + k, s.h().detach());
                out.put("c_final" + k, s.get(1).detach());
                loss = loss.add(s.h().sum()).add(s.get(1).mul(0.5).sum());
            }
            out.put("outputs", r.outputs().detach());
            List<Tensor> grads = Grad.grad(loss, leaves);
            List<String> names = new ArrayList<>(net.namedParameters().keySet());
            names.add("x");
            for (int k = 0; k < init.size(); k++) {
                names.add("h0_" + k);
                names.add("c0_" + k);
            }
            for (int i = 0; i < names.size(); i++) {
                out.put("grad " + names.get(i), grads.get(i));
            }
        }
        return out;
    }

    /** One step through the cell alone: LSTMCell.forward, h = W_hr (o ⊙ tanh c), checked entry by entry. */
    @Test
    void oneCellStepIsTheProjectedHiddenOutput() {
        LSTMCell cell = new LSTMCell(CellConfig.of(2, 3).projSize(1).dtype(DType.FLOAT64).rng(new SplittableRandom(9)));
        SplittableRandom rng = new SplittableRandom(10);
        Tensor x = Tensor.uniform(rng, -1, 1, DType.FLOAT64, 2, 2);
        Tensor h = Tensor.uniform(rng, -1, 1, DType.FLOAT64, 2, 1);
        Tensor c = Tensor.uniform(rng, -1, 1, DType.FLOAT64, 2, 3);
        State next;
        try (Grad.Scope off = Grad.off()) {
            next = cell.forward(x, State.of(h, c));
        }
        double[] wi = cell.weightIh().toDoubleArray(), wh = cell.weightHh().toDoubleArray();
        double[] bi = cell.biasIh().toDoubleArray(), bh = cell.biasHh().toDoubleArray();
        double[] wr = cell.weightHr().toDoubleArray();
        for (int b = 0; b < 2; b++) {
            double projected = 0;
            double[] cNext = new double[3];
            for (int u = 0; u < 3; u++) {
                double[] z = new double[4];
                for (int g = 0; g < 4; g++) {
                    int r = g * 3 + u;
                    z[g] = wi[r * 2] * x.get(b * 2) + wi[r * 2 + 1] * x.get(b * 2 + 1) + bi[r] + wh[r] * h.get(b) + bh[r];
                }
                cNext[u] = sig(z[1]) * c.get(b * 3 + u) + sig(z[0]) * Math.tanh(z[2]);
                projected += wr[u] * sig(z[3]) * Math.tanh(cNext[u]);
            }
            assertEquals(projected, next.h().get(b), 1e-14);
            for (int u = 0; u < 3; u++) {
                assertEquals(cNext[u], next.get(1).get(b * 3 + u), 1e-14);
            }
        }
    }

    private static double sig(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    // ------------------------------------------------------------------ checkpoints

    /** A projected LSTM with a head reading its P-wide last output. */
    static final class Model extends Module {
        final LSTM rnn;
        final Linear head;

        Model(long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            rnn = registerModule("rnn", new LSTM(Recurrent.options(3, 6).projSize(4).layers(2).bidirectional(true)
                    .dtype(DType.FLOAT64).rng(rng)));
            head = registerModule("head", new Linear(rnn.hiddenSize(), 2, true, DType.FLOAT64, rng));
        }

        Tensor forward(Tensor x) {
            Tensor out = rnn.forward(x).outputs();
            return head.forward(out.select(0, out.dim(0) - 1));
        }
    }

    @Test
    void aCheckpointRoundTripsAndRefusesAnUnprojectedModel() throws IOException {
        Path file = dir.resolve("lstmp.safetensors");
        Model saved = new Model(1);
        Checkpoint.saveWeights(file, saved, Map.of("proj_size", "4"));
        Model loaded = new Model(2);
        assertTrue(maxRelDiff(saved.rnn.namedParameters().get("weight_hr_l1_reverse"),
                loaded.rnn.namedParameters().get("weight_hr_l1_reverse")) > 0, "different seeds, different weights");
        assertEquals(Map.of("proj_size", "4"), Checkpoint.loadWeights(file, loaded));
        saved.namedParameters().forEach((k, v) -> assertArrayEquals(v.toDoubleArray(),
                loaded.namedParameters().get(k).toDoubleArray(), 0.0, k));
        assertTrue(saved.namedParameters().containsKey("rnn.weight_hr_l0"), saved.namedParameters().keySet()::toString);
        Tensor x = Tensor.uniform(new SplittableRandom(5), -1, 1, DType.FLOAT64, 4, 2, 3);
        try (Grad.Scope off = Grad.off()) {
            assertArrayEquals(saved.forward(x).toDoubleArray(), loaded.forward(x).toDoubleArray(), 0.0);
        }

        Module plain = new Module() {
            final LSTM rnn = registerModule("rnn", new LSTM(Recurrent.options(3, 6).layers(2).bidirectional(true)
                    .dtype(DType.FLOAT64)));
            final Linear head = registerModule("head", new Linear(12, 2, true, DType.FLOAT64, new SplittableRandom(0)));
        };
        assertThrows(CheckpointException.class, () -> Checkpoint.loadWeights(file, plain));
    }
}
