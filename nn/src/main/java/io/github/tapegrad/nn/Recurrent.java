package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Indices;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.init.Init;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Runs any {@link Cell} over a sequence, for a stack of layers: the one time loop in nn.
 *
 * <p>Input is [T, B, I] (or [B, T, I] when batch-first). Layer l's cell comes from the factory with
 * input size I for l = 0 and the previous layer's output width after (its cells' {@link Cell#outputSize()}
 * summed over directions: H, or P with a projection); dropout (training mode only) is
 * applied to every layer's outputs but the last, as torch.nn.LSTM. Parameters are named as torch's
 * multi-layer modules name them: the cell's own names plus {@code _l<layer>} ({@code weight_ih_l0}, ...),
 * so a state dict maps onto torch.nn.LSTM's.
 *
 * <p>Per layer and direction: the declared input projection once on the whole layer input (one GEMM into T step
 * tensors), T calls of the cell's {@code step}, one {@code concat} of the hidden outputs. The steps are stored
 * one after the other, as a {@link PackedSequence} stores them; a fixed-length batch is the case where every step
 * holds all B sequences, and with lengths ({@link #forward(Tensor, int[], List)}) step t holds only the sequences
 * still running, so no step is spent on padding.
 *
 * <pre>{@code new Recurrent(MGUCell::new, Recurrent.options(28, 256).layers(2).dtype(DType.FLOAT64))}</pre>
 */
public class Recurrent extends Module {
    private final String name;
    private final int inputSize;
    private final boolean batchFirst;
    private final int directions;
    private final List<Cell> cells;
    private final Dropout dropout;

    /**
     * How a stack is built; every field but the sizes has a default.
     *
     * @param layers number of stacked cells
     * @param batchFirst whether input and outputs are [B, T, ·] instead of [T, B, ·]
     * @param dropout probability of zeroing a layer's output before the next layer (not after the last)
     * @param rng draws the dropout seed, then every layer's parameters in order
     * @param weightInit null for PyTorch's default
     * @param biasInit null for PyTorch's default
     * @param bidirectional per layer a forward and a reverse direction, outputs concatenated (torch's
     *     {@code bidirectional=True}: parameters {@code weight_ih_l0_reverse}, ..., final states layer·2 + direction)
     * @param projSize torch's {@code proj_size}: 0 for none, else 0 &lt; P &lt; hiddenSize; every cell gets it in its
     *     {@link CellConfig#projSize()} (cells that cannot project refuse it), outputs and h states are then P wide
     */
    public record Options(int inputSize, int hiddenSize, int layers, boolean batchFirst, double dropout, DType dtype,
                          RandomGenerator rng, Init weightInit, Init biasInit, boolean bidirectional, int projSize) {
        public Options {
            if (inputSize <= 0 || hiddenSize <= 0 || layers <= 0) {
                throw new IllegalArgumentException("Recurrent.Options: inputSize, hiddenSize and layers must be positive, "
                        + "got inputSize=" + inputSize + ", hiddenSize=" + hiddenSize + ", layers=" + layers);
            }
            CellConfig.checkProjSize("Recurrent.Options", projSize, hiddenSize);
            Objects.requireNonNull(dtype, "Recurrent.Options: dtype");
            Objects.requireNonNull(rng, "Recurrent.Options: rng");
        }

        /** Without projection (projSize 0). */
        public Options(int inputSize, int hiddenSize, int layers, boolean batchFirst, double dropout, DType dtype,
                       RandomGenerator rng, Init weightInit, Init biasInit, boolean bidirectional) {
            this(inputSize, hiddenSize, layers, batchFirst, dropout, dtype, rng, weightInit, biasInit, bidirectional, 0);
        }

        public Options layers(int count) {
            return new Options(inputSize, hiddenSize, count, batchFirst, dropout, dtype, rng, weightInit, biasInit,
                    bidirectional, projSize);
        }

        public Options batchFirst(boolean on) {
            return new Options(inputSize, hiddenSize, layers, on, dropout, dtype, rng, weightInit, biasInit,
                    bidirectional, projSize);
        }

        public Options dropout(double p) {
            return new Options(inputSize, hiddenSize, layers, batchFirst, p, dtype, rng, weightInit, biasInit,
                    bidirectional, projSize);
        }

        public Options dtype(DType type) {
            return new Options(inputSize, hiddenSize, layers, batchFirst, dropout, type, rng, weightInit, biasInit,
                    bidirectional, projSize);
        }

        public Options rng(RandomGenerator generator) {
            return new Options(inputSize, hiddenSize, layers, batchFirst, dropout, dtype, generator, weightInit, biasInit,
                    bidirectional, projSize);
        }

        /** E.g. d2l's init: {@code init(Init.normal(0, 0.01), Init.zeros())}. */
        public Options init(Init weights, Init biases) {
            return new Options(inputSize, hiddenSize, layers, batchFirst, dropout, dtype, rng, weights, biases,
                    bidirectional, projSize);
        }

        /** Per layer a forward and a reverse direction, outputs concatenated: [T, B, 2H], as torch's bidirectional. */
        public Options bidirectional(boolean on) {
            return new Options(inputSize, hiddenSize, layers, batchFirst, dropout, dtype, rng, weightInit, biasInit, on,
                    projSize);
        }

        /**
         * torch's {@code proj_size} (LSTM only): h = W_hr (o ⊙ tanh c), outputs [T, B, P] (2P bidirectional), h
         * states [B, P], c states [B, H], {@code weight_hr_l<k>} [P, H]; 0 for none.
         */
        public Options projSize(int size) {
            return new Options(inputSize, hiddenSize, layers, batchFirst, dropout, dtype, rng, weightInit, biasInit,
                    bidirectional, size);
        }

        /** 2 when bidirectional, else 1. */
        public int directions() {
            return bidirectional ? 2 : 1;
        }

        /** The config of a layer whose input has {@code size} features. */
        public CellConfig cellConfig(int size) {
            return new CellConfig(size, hiddenSize, dtype, rng, weightInit, biasInit, projSize);
        }
    }

    /** One layer, [T, B, I] layout, no dropout, float32, parameters from {@code new SplittableRandom(0)}, PyTorch's init. */
    public static Options options(int inputSize, int hiddenSize) {
        return new Options(inputSize, hiddenSize, 1, false, 0, DType.FLOAT32, new SplittableRandom(0), null, null,
                false, 0);
    }

    /** A stack of the factory's cells, named after the first one's kind in messages. */
    public <C extends Cell> Recurrent(CellFactory<C> factory, Options options) {
        this(null, factory, options);
    }

    /** @param name used in messages, e.g. "LSTM"; null for the cells' kind */
    protected <C extends Cell> Recurrent(String name, CellFactory<C> factory, Options options) {
        Objects.requireNonNull(factory, "Recurrent: factory");
        Objects.requireNonNull(options, "Recurrent: options");
        this.inputSize = options.inputSize();
        this.batchFirst = options.batchFirst();
        long dropoutSeed = options.rng().nextLong(); // drawn first, as it always was
        this.directions = options.directions();
        List<Cell> made = new ArrayList<>(options.layers() * directions);
        int in = inputSize;
        for (int l = 0; l < options.layers(); l++) {
            int width = 0; // the layer's output width: its cells' outputSize, summed over directions
            for (int d = 0; d < directions; d++) { // torch's order and names: l0, l0_reverse, l1, ...
                C cell = factory.create(options.cellConfig(in));
                if (cell == null || cell.inputSize() != in || cell.hiddenSize() != options.hiddenSize()
                        || options.projSize() > 0 && cell.outputSize() != options.projSize()) {
                    throw new IllegalArgumentException((name == null ? "Recurrent" : name) + ": the factory's cell for "
                            + "layer " + l + (d == 1 ? " (reverse)" : "") + " must be (inputSize " + in + ", hiddenSize "
                            + options.hiddenSize() + (options.projSize() > 0 ? ", outputSize = projSize "
                            + options.projSize() : "") + "), got " + (cell == null ? "null" : cell.toString()));
                }
                made.add(registerModuleInline("_l" + l + (d == 1 ? "_reverse" : ""), cell));
                width += cell.outputSize();
            }
            in = width;
        }
        this.name = name != null ? name : made.get(0).kind();
        this.cells = Collections.unmodifiableList(made);
        this.dropout = registerModule("dropout", new Dropout(options.dropout(), dropoutSeed));
    }

    /** Runs from zero initial states. */
    public RecurrentOutput forward(Tensor input) {
        return forward(input, (List<State>) null);
    }

    /**
     * @param input [T, B, I], or [B, T, I] when batch-first
     * @param initialStates one state per layer (and direction), or null for zeros
     */
    public RecurrentOutput forward(Tensor input, List<State> initialStates) {
        checkInput(input);
        checkInitialStates(initialStates);
        Tensor seq = batchFirst ? input.transpose(0, 1) : input;
        int steps = seq.dim(0);
        int batch = seq.dim(1);
        int[] sizes = new int[steps];
        Arrays.fill(sizes, batch);
        Run run = run(seq.reshape(steps * batch, inputSize), sizes, batch, seq.dtype(), initialStates);
        Tensor out = run.rows.reshape(steps, batch, run.rows.dim(1));
        return new RecurrentOutput(batchFirst ? out.transpose(0, 1) : out, run.finals);
    }

    /** Variable lengths from zero initial states: {@link #forward(Tensor, int[], List)}. */
    public RecurrentOutput forward(Tensor input, int[] lengths) {
        return forward(input, lengths, null);
    }

    /**
     * A padded batch of sequences of different lengths, as torch.nn.LSTM on
     * {@code pack_padded_sequence(input, lengths, enforce_sorted=False)} followed by
     * {@code pad_packed_sequence(..., total_length=T)}: sequence b is its first {@code lengths[b]} steps; its
     * outputs after them are 0; its final state is the state after its last step (for the reverse direction:
     * after step 0, having started at its own last step); gradients reach only valid steps. The work per step
     * is on the sequences still running only (see {@link PackedSequence}); when every length is T this is
     * {@link #forward(Tensor, List)}.
     *
     * @param input [T, B, I], or [B, T, I] when batch-first; values past a sequence's length are not read
     * @param lengths B lengths in [0, T], any order
     * @param initialStates one state per layer (and direction), in batch order, or null for zeros
     */
    public RecurrentOutput forward(Tensor input, int[] lengths, List<State> initialStates) {
        checkInput(input);
        Objects.requireNonNull(lengths, this + ".forward: lengths");
        int steps = input.dim(batchFirst ? 1 : 0);
        int batch = input.dim(batchFirst ? 0 : 1);
        PackedSequence.checkLengths(this + ".forward", lengths, batch, steps, input);
        if (Arrays.stream(lengths).allMatch(n -> n == steps)) {
            return forward(input, initialStates);
        }
        PackedOutput packed = forward(PackedSequence.pack(input, lengths, batchFirst), initialStates);
        return new RecurrentOutput(packed.outputs().pad(batchFirst, 0, steps), packed.finalStates());
    }

    /**
     * A packed batch, as torch.nn.LSTM on a PackedSequence: the outputs are packed the same way
     * ({@link PackedSequence#pad} pads them) and the final states are in the original batch order.
     *
     * @param initialStates one state per layer (and direction), in the original batch order, or null for zeros
     */
    public PackedOutput forward(PackedSequence input, List<State> initialStates) {
        Objects.requireNonNull(input, this + ".forward: packed input");
        if (input.data().dim(1) != inputSize) {
            throw new IllegalArgumentException(this + ": packed input rows must be [N, " + inputSize + "], got "
                    + input.data().shape());
        }
        if (input.batchSize() == 0) {
            throw new IllegalArgumentException(this + ": packed input has no sequence (B=0)");
        }
        checkInitialStates(initialStates);
        boolean identity = input.sortedIsIdentity();
        List<State> sorted = initialStates;
        if (initialStates != null && !identity) {
            Indices order = Indices.of(input.sortedIndicesView(), input.batchSize());
            sorted = new ArrayList<>(initialStates.size());
            for (State s : initialStates) {
                sorted.add(rows(s, order));
            }
        }
        Run run = run(input.data(), input.batchSizesView(), input.batchSize(), input.data().dtype(), sorted);
        List<State> finals = run.finals;
        if (!identity) {
            Indices back = Indices.of(input.sortedPositionView(), input.batchSize());
            finals = new ArrayList<>(run.finals.size());
            for (State s : run.finals) {
                finals.add(rows(s, back));
            }
        }
        return new PackedOutput(input.withData(run.rows), finals);
    }

    private record Run(Tensor rows, List<State> finals) {
    }

    /**
     * The stack over steps stored one after the other: {@code rows} [N, I] holds step t in {@code sizes[t]}
     * rows, the sequences still running, longest first (a fixed-length batch: every size is B). Returns the
     * last layer's outputs in the same layout and every cell's final state, sequences in the same order.
     */
    private Run run(Tensor rows, int[] sizes, int batch, DType dtype, List<State> initialStates) {
        List<State> finals = new ArrayList<>(cells.size());
        int layers = cells.size() / directions;
        Tensor data = rows;
        for (int l = 0; l < layers; l++) {
            List<Tensor> outputs = new ArrayList<>(directions);
            for (int d = 0; d < directions; d++) {
                int k = l * directions + d;
                Cell cell = cells.get(k);
                State state = initialStates != null ? initialStates.get(k) : cell.initialState(batch, dtype);
                if (sizes.length == 0) {
                    finals.add(state);
                    outputs.add(Tensor.zeros(dtype, 0, cell.outputSize()));
                    continue;
                }
                List<Tensor> ins = cell.stepInputs(data, sizes);
                Tensor[] hs = new Tensor[sizes.length];
                finals.add(d == 0 ? forwardSteps(cell, ins, sizes, state, hs) : reverseSteps(cell, ins, sizes, state, hs));
                outputs.add(Tensor.concat(List.of(hs), 0));
            }
            data = directions == 1 ? outputs.get(0) : Tensor.concat(outputs, 1);
            if (l < layers - 1) {
                data = dropout.forward(data);
            }
        }
        return new Run(data, finals);
    }

    /**
     * Steps 0, 1, ...: at step t the first sizes[t] rows run; when sizes drop, the rows of the sequences that
     * ended are their final states, kept aside, and the state narrows to the rest. Returns every final state.
     */
    private static State forwardSteps(Cell cell, List<Tensor> ins, int[] sizes, State initial, Tensor[] hs) {
        State state = initial;
        int running = initial.h().dim(0);
        List<State> ended = new ArrayList<>();
        for (int t = 0; t < sizes.length; t++) {
            if (sizes[t] < running) {
                ended.add(narrow(state, sizes[t], running - sizes[t]));
                state = narrow(state, 0, sizes[t]);
                running = sizes[t];
            }
            state = cell.stepChecked(ins.get(t), state, running);
            hs[t] = state.h();
        }
        if (ended.isEmpty()) {
            return state;
        }
        ended.add(state);
        Collections.reverse(ended); // rows in order: the longest sequences first
        return concat(ended);
    }

    /**
     * Steps ..., 1, 0: every sequence starts at its own last step, so at step t the state widens to sizes[t]
     * rows with the initial states of the sequences that start there. Returns every final state (after step 0).
     */
    private static State reverseSteps(Cell cell, List<Tensor> ins, int[] sizes, State initial, Tensor[] hs) {
        int batch = initial.h().dim(0);
        int running = sizes[sizes.length - 1];
        State state = running == batch ? initial : narrow(initial, 0, running);
        for (int t = sizes.length - 1; t >= 0; t--) {
            if (sizes[t] > running) {
                state = concat(List.of(state, narrow(initial, running, sizes[t] - running)));
                running = sizes[t];
            }
            state = cell.stepChecked(ins.get(t), state, running);
            hs[t] = state.h();
        }
        return running == batch ? state : concat(List.of(state, narrow(initial, running, batch - running)));
    }

    private static State narrow(State s, int start, int length) {
        List<Tensor> out = new ArrayList<>(s.size());
        for (Tensor t : s.tensors()) {
            out.add(t.narrow(0, start, length));
        }
        return new State(out);
    }

    private static State concat(List<State> parts) {
        List<Tensor> out = new ArrayList<>(parts.get(0).size());
        for (int i = 0; i < parts.get(0).size(); i++) {
            List<Tensor> pieces = new ArrayList<>(parts.size());
            for (State p : parts) {
                pieces.add(p.get(i));
            }
            out.add(Tensor.concat(pieces, 0));
        }
        return new State(out);
    }

    private static State rows(State s, Indices order) {
        List<Tensor> out = new ArrayList<>(s.size());
        for (Tensor t : s.tensors()) {
            out.add(t.indexSelect(0, order));
        }
        return new State(out);
    }

    private void checkInitialStates(List<State> initialStates) {
        if (initialStates != null && initialStates.size() != cells.size()) {
            throw new IllegalArgumentException(this + ": needs " + cells.size() + " initial states (one per layer"
                    + (directions == 2 ? " and direction, layer 0 forward, layer 0 reverse, ..." : "") + "), got "
                    + initialStates.size());
        }
    }

    private void checkInput(Tensor input) {
        String layout = batchFirst ? "[B, T, " + inputSize + "] (batch-first)" : "[T, B, " + inputSize + "]";
        if (input.rank() != 3 || input.dim(2) != inputSize) {
            throw new IllegalArgumentException(this + ": input must be " + layout + ", got " + input.shape());
        }
        int steps = input.dim(batchFirst ? 1 : 0);
        int batch = input.dim(batchFirst ? 0 : 1);
        if (batch == 0) { // T = 0 is allowed: no step, the final states are the initial ones
            throw new IllegalArgumentException(this + ": input " + input.shape() + " has no sequence (B=0); layout "
                    + layout);
        }
    }

    public int inputSize() {
        return inputSize;
    }

    /**
     * The width of the outputs: the last layer's cells' {@link Cell#outputSize()} (the hidden size, or P with a
     * projection), times 2 when bidirectional.
     */
    public int hiddenSize() {
        return directions * cells.get(cells.size() - 1).outputSize();
    }

    public int numLayers() {
        return cells.size() / directions;
    }

    public boolean bidirectional() {
        return directions == 2;
    }

    public boolean batchFirst() {
        return batchFirst;
    }

    /** Cell {@code index} of {@link #cells()}: the layer's when unidirectional, else layer·2 + direction. */
    public Cell cell(int index) {
        return cells.get(index);
    }

    public List<Cell> cells() {
        return cells;
    }

    @Override
    public String toString() {
        Cell first = cells.get(0);
        return name + "(" + inputSize + ", " + first.hiddenSize() + ", numLayers=" + numLayers()
                + (first.outputSize() != first.hiddenSize() ? ", proj_size=" + first.outputSize() : "")
                + (directions == 2 ? ", bidirectional" : "")
                + (batchFirst ? ", batchFirst" : "") + (dropout.p() > 0 ? ", dropout=" + dropout.p() : "") + ")";
    }
}
