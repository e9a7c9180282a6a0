package io.github.tapegrad.examples.bench;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.Indices;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Linear;
import io.github.tapegrad.nn.Loss;
import io.github.tapegrad.nn.PackedOutput;
import io.github.tapegrad.nn.PackedSequence;
import io.github.tapegrad.nn.Recurrent;
import io.github.tapegrad.nn.RecurrentOutput;
import io.github.tapegrad.nn.State;
import io.github.tapegrad.nn.optim.GradClip;
import io.github.tapegrad.nn.optim.SGD;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The step as a user of nn writes it: forward code only, gradients from the tape. The recurrent network is nn's
 * {@link io.github.tapegrad.nn.LSTM}, a {@link Recurrent} over the user-defined {@link CustomLstmCell}, or a
 * {@link Recurrent} over any cell ({@code --cell}, {@code --cells}). A network whose parameters are the LSTM's (names
 * and shapes) starts from the weights in {@link BenchData}, so the agreement check applies to it; any other keeps
 * its own seeded init, with the same data (tokens and targets, or x and the initial states).
 *
 * <p>Sequence variants ({@code bench --bidirectional}, {@code --lengths}): a bidirectional network's outputs are 2H
 * wide, so config A's head is then Linear(2H, V) from its own seeded init, and config B gives every direction an
 * initial state (the first the data's h0 and c0). With lengths, config A runs as PyTorch users run a
 * PackedSequence: the one-hot input packed once ({@link PackedSequence#pack}, the data being constant), the network
 * on the packed rows, the head and the mean cross-entropy on the valid rows only (the packed outputs); config B runs
 * {@link Recurrent#forward(Tensor, int[], List)}, whose outputs past a sequence's length are zero, so its sum of
 * outputs counts only valid positions.
 */
final class AutogradWorkload implements Workload {
    private static final double LEARNING_RATE = 1;
    private static final double MAX_NORM = 1;

    private final String name;
    private final BenchSize size;
    private final Recurrent rnn;
    private final Tensor input;
    // config A
    private final Linear head;
    private final Indices targets;
    private final SGD sgd;
    private final List<Tensor> params;
    // config B: leaves that also get gradients, per cell (layer and direction) one per state tensor
    private final List<List<Tensor>> initial;
    private final boolean sharesLstmWeights;
    // variable lengths: null for the fixed-length batch
    private final int[] lengths;
    /** Config A with lengths: the input packed once (the data is constant), and the targets in its row order. */
    private final PackedSequence packedInput;
    private final Indices packedTargets;
    private final long validTokens;

    AutogradWorkload(String name, BenchData data, Recurrent rnn) {
        this(name, data, rnn, null);
    }

    /**
     * @param lengths null for the fixed-length batch, else B sequence lengths in [0, T] (sequence b is its first
     *     lengths[b] steps)
     */
    AutogradWorkload(String name, BenchData data, Recurrent rnn, int[] lengths) {
        this.name = name;
        this.size = data.size();
        this.rnn = rnn;
        DType dt = size.dtype();
        int t = size.steps();
        int b = size.batch();
        sharesLstmWeights = hasLstmParameters(rnn, size);
        if (sharesLstmWeights) {
            rnn.loadStateDict(tensors(data.lstm(), dt, size), true);
        }
        this.lengths = lengths == null ? null : lengths.clone();
        validTokens = lengths == null ? size.tokens() : Arrays.stream(lengths).asLongStream().sum();
        if (size.config().trains()) {
            input = BenchData.tensor(data.oneHotInput(), dt, t, b, size.input());
            head = new Linear(rnn.hiddenSize(), size.vocab(), true, dt, new Random(0));
            if (rnn.hiddenSize() == size.hidden()) { // else (bidirectional: 2H) the head keeps its seeded init
                head.loadStateDict(tensors(data.head(), dt, size), true);
            }
            targets = Indices.of(data.targets(), t * b);
            packedInput = lengths == null ? null : PackedSequence.pack(input, lengths, false);
            packedTargets = lengths == null ? null : packedTargets(data.targets(), packedInput, b);
            Map<String, Tensor> named = new LinkedHashMap<>(rnn.namedParameters());
            head.namedParameters().forEach((k, v) -> named.put("head." + k, v));
            sgd = new SGD(named, LEARNING_RATE);
            params = new ArrayList<>(named.values());
            initial = List.of();
        } else {
            input = BenchData.tensor(data.x(), dt, t, b, size.input()).requiresGrad_(true);
            initial = new ArrayList<>();
            for (int k = 0; k < rnn.cells().size(); k++) {
                initial.add(initialStates(data, k, rnn.cell(k).stateNames().size()));
            }
            packedInput = null;
            packedTargets = null;
            head = null;
            targets = null;
            sgd = null;
            params = rnn.parameters();
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** Whether this network started from {@link BenchData}'s LSTM weights, so the yardstick's step is its step. */
    boolean sharesLstmWeights() {
        return sharesLstmWeights;
    }

    /** Tokens per step that are not padding: B·T, or the sum of the lengths. */
    long validTokens() {
        return validTokens;
    }

    /** The recurrent network timed. */
    Recurrent rnn() {
        return rnn;
    }

    @Override
    public void step() {
        run(null);
    }

    @Override
    public Snapshot checkedStep() {
        Snapshot s = new Snapshot();
        run(s);
        return s;
    }

    /** One step in a step scope: its activations and temporaries go back to the pool for the next step. */
    private void run(Snapshot record) {
        try (var step = Grad.step()) {
            if (size.config().trains()) {
                trainStep(record);
            } else {
                forwardBackward(record);
            }
        }
    }

    private void trainStep(Snapshot record) {
        sgd.zeroGrad();
        Tensor loss;
        if (lengths == null) {
            RecurrentOutput out = rnn.forward(input);
            loss = Loss.crossEntropy(head.forward(out.outputs().reshape(size.steps() * size.batch(),
                    rnn.hiddenSize())), targets);
        } else { // as PyTorch users do with a PackedSequence: the head and the loss on the valid rows only
            PackedOutput out = rnn.forward(packedInput, null);
            loss = Loss.crossEntropy(head.forward(out.outputs().data()), packedTargets);
        }
        loss.backward();
        Map<String, double[]> before = null;
        if (record != null) {
            record.put("loss", new double[] {loss.item()});
            recordGradients(record);
            before = values();
        }
        GradClip.clipGradNorm(params, MAX_NORM);
        sgd.step();
        if (record != null) {
            Map<String, double[]> after = values();
            for (Map.Entry<String, double[]> e : before.entrySet()) {
                double[] delta = after.get(e.getKey());
                for (int i = 0; i < delta.length; i++) {
                    delta[i] -= e.getValue()[i];
                }
                record.put("update of " + e.getKey(), delta);
            }
        }
    }

    private void forwardBackward(Snapshot record) {
        rnn.zeroGrad();
        input.zeroGrad();
        initial.forEach(s -> s.forEach(Tensor::zeroGrad));
        List<State> states = initial.stream().map(State::new).toList();
        RecurrentOutput out = lengths == null ? rnn.forward(input, states) : rnn.forward(input, lengths, states);
        Tensor loss = out.outputs().sum();
        loss.backward();
        if (record != null) {
            double[] outputs = out.outputs().toDoubleArray();
            double magnitude = 0;
            for (double v : outputs) {
                magnitude += Math.abs(v);
            }
            record.put("loss", new double[] {loss.item()}, magnitude);
            record.put("outputs", outputs);
            recordGradients(record);
            record.put("grad of input", input.grad().toDoubleArray());
            for (int c = 0; c < initial.size(); c++) {
                for (int k = 0; k < initial.get(c).size(); k++) {
                    String state = k == 0 ? "h0" : k == 1 ? "c0" : "initial state " + k;
                    record.put("grad of " + state + (c == 0 ? "" : " of cell " + c),
                            initial.get(c).get(k).grad().toDoubleArray());
                }
            }
        }
    }

    private void recordGradients(Snapshot record) {
        rnn.namedParameters().forEach((k, v) -> record.put("grad of " + k, v.grad().toDoubleArray()));
        if (head != null) {
            head.namedParameters().forEach((k, v) -> record.put("grad of head." + k, v.grad().toDoubleArray()));
        }
    }

    private Map<String, double[]> values() {
        Map<String, double[]> out = new LinkedHashMap<>();
        rnn.namedParameters().forEach((k, v) -> out.put(k, v.toDoubleArray()));
        head.namedParameters().forEach((k, v) -> out.put("head." + k, v.toDoubleArray()));
        return out;
    }

    /** The time-major [T·B] targets in the packed rows' order: row offset(t) + j is step t of sequence sorted[j]. */
    static Indices packedTargets(int[] timeMajor, PackedSequence packed, int batch) {
        int[] sizes = packed.batchSizes();
        int[] sorted = packed.sortedIndices();
        int[] out = new int[packed.totalRows()];
        int row = 0;
        for (int t = 0; t < sizes.length; t++) {
            for (int j = 0; j < sizes[t]; j++) {
                out[row++] = timeMajor[t * batch + sorted[j]];
            }
        }
        return Indices.of(out, out.length);
    }

    /** 1 at position t·B + b when t &lt; lengths[b], else 0: the valid positions of a time-major [T·B] batch. */
    static double[] validMask(int[] lengths, int steps) {
        int b = lengths.length;
        double[] mask = new double[steps * b];
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < b; j++) {
                mask[t * b + j] = t < lengths[j] ? 1 : 0;
            }
        }
        return mask;
    }

    /**
     * Config B's initial state of cell {@code cell} (layer·directions + direction), of {@code count} state tensors:
     * for cell 0 the data's h0 and c0 for the first two (an LSTM's h and c), further ones standard normal from a
     * generator seeded by their position; for another cell (the reverse direction) all standard normal, seeded by
     * the cell and the position.
     */
    private List<Tensor> initialStates(BenchData data, int cell, int count) {
        DType dt = size.dtype();
        int b = size.batch();
        int h = size.hidden();
        List<Tensor> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            double[] values = cell == 0 && k == 0 ? data.h0() : cell == 0 && k == 1 ? data.c0()
                    : Tensor.randn(new Random(cell == 0 ? k : 1000L * cell + k), dt, b * h).toDoubleArray();
            out.add(BenchData.tensor(values, dt, b, h).requiresGrad_(true));
        }
        return out;
    }

    /** Whether {@code rnn}'s parameters are exactly the LSTM's of {@link BenchData} (names and shapes). */
    private static boolean hasLstmParameters(Recurrent rnn, BenchSize size) {
        Map<String, Tensor> params = rnn.namedParameters();
        if (!params.keySet().equals(Set.of(BenchData.W_IH, BenchData.W_HH, BenchData.B_IH, BenchData.B_HH))) {
            return false;
        }
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            if (!Arrays.equals(e.getValue().shape().toArray(), shapeOf(e.getKey(), size))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Tensor> tensors(Map<String, double[]> values, DType dt, BenchSize size) {
        Map<String, Tensor> out = new HashMap<>();
        try (Grad.Scope off = Grad.off()) {
            values.forEach((k, v) -> out.put(k, BenchData.tensor(v, dt, shapeOf(k, size))));
        }
        return out;
    }

    /** The torch layout of each named parameter. */
    static int[] shapeOf(String name, BenchSize size) {
        int g4 = 4 * size.hidden();
        return switch (name) {
            case BenchData.W_IH -> new int[] {g4, size.input()};
            case BenchData.W_HH -> new int[] {g4, size.hidden()};
            case BenchData.B_IH, BenchData.B_HH -> new int[] {g4};
            case BenchData.HEAD_W -> new int[] {size.vocab(), size.hidden()};
            case BenchData.HEAD_B -> new int[] {size.vocab()};
            default -> throw new IllegalArgumentException("bench: unknown parameter " + name);
        };
    }
}
