package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Shape;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.autograd.fused.FusedOps;
import io.github.tapegrad.nn.init.Init;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One time step of a recurrent network, written as forward code. A cell declares, in its constructor,
 * its state and its parameters, and writes one method, {@link #step}; autograd does every derivative and
 * {@link Recurrent} the time loop.
 *
 * <p>Declarations:
 * <ul>
 *   <li>the state, by name, in the constructor: {@code super("LSTMCell", config, "h", "c")}; the first is
 *       the hidden output collected at each step. Every state tensor is [B, hiddenSize] unless the cell
 *       declares another width with {@link #stateSize(String, int)} (LSTM's projection: h [B, P], c [B, H]);
 *       the hidden output's width is {@link #outputSize()};</li>
 *   <li>the gate blocks, by name, once: {@link #gates} (PyTorch's four parameters {@code weight_ih}
 *       [G·H, I], {@code weight_hh} [G·H, outputSize], {@code bias_ih}, {@code bias_hh}, gates stacked in the first
 *       dimension) or {@link #inputGates} (the input side only). The input side x·W_ihᵀ + b of every step
 *       is then computed for the whole sequence in one GEMM before the first step, and {@code step}
 *       receives its step's slice; CellCheck attributes a mismatch to these gate names;</li>
 *   <li>recurrent weights that are not one packed block, with {@link #recurrent} (MGU's U·(f ⊙ h)), and
 *       any other parameter with {@link #parameter} or {@link #gateParameter} (peepholes, layer-norm
 *       gains).</li>
 * </ul>
 *
 * <pre>{@code
 * final class CifgCell extends Cell {                   // coupled input and forget gates: f = 1 − i
 *     private final Gates gates;
 *     CifgCell(CellConfig config) {
 *         super("CIFG", config, "h", "c");
 *         gates = gates("i", "g", "o");
 *     }
 *     @Override protected State step(Tensor in, State s) {
 *         List<Tensor> z = gates.split(gates.plusHidden(in, s.h()));
 *         Tensor i = z.get(0).sigmoid(), g = z.get(1).tanh(), o = z.get(2).sigmoid();
 *         Tensor c = s.get(1).add(i.mul(g.sub(s.get(1))));      // (1 − i) ⊙ c + i ⊙ g
 *         return State.of(o.mul(c.tanh()), c);
 *     }
 * }
 * }</pre>
 *
 * <p>Every cell has a constructor taking a {@link CellConfig}, so {@code CifgCell::new} is a
 * {@link CellFactory}: it stacks in {@link Recurrent}, is checked by {@code CellCheck} and runs in every
 * example with {@code --cell}. {@code step} is the one method to write, so a cell cannot compile and then
 * fail for a method it forgot; the one optional override, {@link #sequenceInput}, only moves state-free work
 * out of the time loop.
 *
 * <p>{@link CellConfig#projSize()} (PyTorch's {@code proj_size}) is refused by the base constructor unless the cell
 * implements {@link Projectable}, the promise that it reads the projection size and applies it itself.
 */
public abstract class Cell extends Module {
    private final String kind;
    private final int inputSize;
    private final int hiddenSize;
    private final DType dtype;
    private final CellConfig config;
    private final List<String> stateNames;
    private final int[] stateSizes;
    /** Set once a declaration has read the hidden output's width (gates, recurrent): it can no longer change. */
    private String outputWidthReadBy;
    private final Map<String, List<String>> gateBlocks = new LinkedHashMap<>();
    private Gates input;
    private final boolean sequenceInputOverridden;

    /**
     * @param kind the cell's name in messages and {@code toString}, e.g. "LSTMCell"
     * @param stateNames the state tensors, hidden output first: ("h") or ("h", "c")
     */
    protected Cell(String kind, CellConfig config, String... stateNames) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.config = Objects.requireNonNull(config, kind + ": config");
        this.inputSize = config.inputSize();
        this.hiddenSize = config.hiddenSize();
        this.dtype = config.dtype();
        if (stateNames.length == 0) {
            throw new IllegalArgumentException(kind + ": declare at least one state tensor (the hidden output)");
        }
        if (Arrays.stream(stateNames).distinct().count() != stateNames.length) {
            throw new IllegalArgumentException(kind + ": state names repeat: " + Arrays.toString(stateNames));
        }
        this.stateNames = List.of(stateNames);
        this.stateSizes = new int[stateNames.length];
        Arrays.fill(this.stateSizes, hiddenSize);
        if (config.projSize() != 0 && !(this instanceof Projectable)) {
            throw new IllegalArgumentException(kind + " does not support projSize (PyTorch's proj_size): got projSize="
                    + config.projSize() + " with hiddenSize=" + hiddenSize + "; only cells implementing "
                    + "Cell.Projectable (e.g. LSTMCell) project their hidden output; use projSize 0");
        }
        this.sequenceInputOverridden = overridesSequenceInput();
    }

    /**
     * A cell that accepts a nonzero {@link CellConfig#projSize()} (PyTorch's {@code proj_size}): it declares
     * {@code stateSize(stateNames().get(0), projSize)} before its gates, and computes its hidden output at that
     * width (LSTMCell: h = W_hr (o ⊙ tanh c)). Cells that do not implement it refuse a nonzero projSize at
     * construction, so a projection is never silently ignored.
     */
    public interface Projectable {
    }

    /**
     * One step: {@code in} is this step's input side, [B, ·]: x·W_ihᵀ + b_ih (+ b_hh for {@link #gates}
     * that are not {@link Gates#separate() separate}) when the cell declared gates, else x [B, I] itself.
     * {@code state} holds the declared tensors at t − 1, checked. Returns the state at t.
     */
    protected abstract State step(Tensor in, State state);

    /**
     * Optional: work on the input side that does not depend on the state, done once for the whole sequence
     * before the first step: {@code projected} is [N, G·H] (W_ih x + b for N = T·B rows, or B rows when a
     * single step runs through {@link #forward}), and the result, of any width, is what {@code step}
     * receives row-wise. It must treat rows independently (CellCheck's batch-invariance property fails
     * otherwise). LayerNorm-LSTM normalizes W_ih x here, once per sequence instead of once per step.
     * Default: {@code projected} unchanged.
     */
    protected Tensor sequenceInput(Tensor projected) {
        return projected;
    }

    private boolean overridesSequenceInput() {
        for (Class<?> c = getClass(); c != Cell.class; c = c.getSuperclass()) {
            try {
                c.getDeclaredMethod("sequenceInput", Tensor.class);
                return true;
            } catch (NoSuchMethodException e) {
                // look further up
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ declarations

    /**
     * Declares that state tensor {@code name} is [B, size] instead of [B, hiddenSize], e.g. LSTM with projection:
     * {@code stateSize("h", P)} (h [B, P], c [B, H]). The hidden output's width (state 0, {@link #outputSize()}) is
     * the column count of {@link #gates}' weight_hh and of {@link #recurrent} weights, so declare it before them.
     * {@link #initialState} and the state checks of every step follow the declared sizes.
     */
    protected final void stateSize(String name, int size) {
        int i = stateNames.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(kind + ".stateSize: no state tensor \"" + name + "\"; the state is "
                    + stateNames);
        }
        if (size <= 0) {
            throw new IllegalArgumentException(kind + ".stateSize(\"" + name + "\", " + size
                    + "): size must be positive");
        }
        if (i == 0 && outputWidthReadBy != null && size != stateSizes[0]) {
            throw new IllegalStateException(kind + ".stateSize(\"" + name + "\", " + size + "): " + outputWidthReadBy
                    + " already has " + stateSizes[0] + " columns for " + name + "; declare state sizes before it");
        }
        stateSizes[i] = size;
    }

    /**
     * Declares gate blocks with PyTorch's parameters (registered in its order: weight_ih [G·H, I],
     * weight_hh [G·H, outputSize], bias_ih [G·H], bias_hh [G·H]). By default the gates are summed as
     * z = W_ih x + b_ih + W_hh h + b_hh: {@code step} receives W_ih x + b_ih + b_hh and
     * {@link Gates#plusHidden} adds W_hh h in one fused product. {@link Gates#separate()} keeps the
     * hidden side apart (GRU's reset gate multiplies W_hn h + b_hn).
     */
    protected final Gates gates(String... names) {
        checkGateNames("gates", names);
        int rows = rows(names.length);
        Tensor wIh = registerParameter("weight_ih", config.weights().sample(
                Shape.of(kind + " weight_ih", rows, inputSize), dtype, config.rng()));
        outputWidthReadBy = "gates(...)'s weight_hh";
        Tensor wHh = registerParameter("weight_hh", config.weights().sample(
                Shape.of(kind + " weight_hh", rows, outputSize()), dtype, config.rng()));
        Tensor bIh = registerParameter("bias_ih", config.biases().sample(dtype, config.rng(), rows));
        Tensor bHh = registerParameter("bias_hh", config.biases().sample(dtype, config.rng(), rows));
        for (String p : List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh")) {
            gateBlocks.put(p, List.of(names));
        }
        input = new Gates(this, List.of(names), wIh, bIh, wHh, bHh);
        return input;
    }

    /** The input side only: weight_ih [G·H, I] and bias_ih [G·H]; {@code step} receives W_ih x + b_ih. */
    protected final Gates inputGates(String... names) {
        return inputGates(true, names);
    }

    /** The input side only, with or without bias_ih (LayerNorm-LSTM normalizes W_ih x before any bias). */
    protected final Gates inputGates(boolean bias, String... names) {
        checkGateNames("inputGates", names);
        int rows = rows(names.length);
        Tensor wIh = registerParameter("weight_ih", config.weights().sample(
                Shape.of(kind + " weight_ih", rows, inputSize), dtype, config.rng()));
        gateBlocks.put("weight_ih", List.of(names));
        Tensor bIh = null;
        if (bias) {
            bIh = registerParameter("bias_ih", config.biases().sample(dtype, config.rng(), rows));
            gateBlocks.put("bias_ih", List.of(names));
        }
        input = new Gates(this, List.of(names), wIh, bIh, null, null);
        input.separate = true;
        return input;
    }

    /**
     * A recurrent projection h ↦ W h (+ b) for some gates, registered as {@code weight_<suffix>}
     * [k·H, outputSize] and {@code bias_<suffix>} [k·H]: e.g. {@code recurrent("hh", true, "r", "z", "n")} is
     * PyTorch GRU's weight_hh/bias_hh; MGU declares {@code recurrent("hf", false, "f")} and
     * {@code recurrent("hn", false, "n")}, the second applied to f ⊙ h.
     */
    protected final Projection recurrent(String suffix, boolean bias, String... gateNames) {
        checkGateNames("recurrent", gateNames);
        int rows = rows(gateNames.length);
        String w = "weight_" + suffix;
        if (outputWidthReadBy == null) {
            outputWidthReadBy = "recurrent(\"" + suffix + "\", ...)'s " + w;
        }
        Tensor weight = registerParameter(w, config.weights().sample(Shape.of(kind + " " + w, rows, outputSize()),
                dtype, config.rng()));
        gateBlocks.put(w, List.of(gateNames));
        Tensor b = null;
        if (bias) {
            b = registerParameter("bias_" + suffix, config.biases().sample(dtype, config.rng(), rows));
            gateBlocks.put("bias_" + suffix, List.of(gateNames));
        }
        return new Projection(this, List.of(gateNames), weight, b);
    }

    /** Any other parameter, e.g. a layer norm's gain {@code parameter("ln_c_weight", Init.constant(1), H)}. */
    protected final Tensor parameter(String name, Init init, int... shape) {
        return registerParameter(name, init.sample(Shape.of(kind + " " + name, shape), dtype, config.rng()));
    }

    /** A vector with one block of H entries per named gate, [k·H], attributed to those gates (peepholes). */
    protected final Tensor gateParameter(String name, Init init, String... gateNames) {
        checkGateNames("gateParameter", gateNames);
        Tensor t = parameter(name, init, rows(gateNames.length));
        gateBlocks.put(name, List.of(gateNames));
        return t;
    }

    private int rows(int gates) {
        if ((long) gates * hiddenSize > Integer.MAX_VALUE) { // it would wrap to a negative dimension
            throw new IllegalArgumentException(kind + ": " + gates + " * hiddenSize = " + gates + " * " + hiddenSize
                    + " overflows int");
        }
        return gates * hiddenSize;
    }

    private void checkGateNames(String method, String[] names) {
        if (names.length == 0 || Arrays.stream(names).anyMatch(n -> n == null || n.isEmpty())
                || Arrays.stream(names).distinct().count() != names.length) {
            throw new IllegalArgumentException(kind + "." + method + ": gate names must be distinct and non-empty, got "
                    + Arrays.toString(names));
        }
        if ((method.equals("gates") || method.equals("inputGates")) && input != null) {
            throw new IllegalStateException(kind + "." + method + ": the input gates are already declared ("
                    + input.names() + "); declare them once");
        }
    }

    // ------------------------------------------------------------------ running

    /** One step from the raw input x [B, I]: checks x and the state, projects x as declared, runs {@link #step}. */
    public final State forward(Tensor x, State state) {
        if (x.rank() != 2 || x.dim(1) != inputSize) {
            throw new IllegalArgumentException(this + ".forward: input x must be [B, " + inputSize + "], got "
                    + x.shape());
        }
        checkState(state, x.dim(0), "state");
        return stepChecked(input == null ? x : sequenceInput(x.linear(input.weightIh, input.inputBias())), state,
                x.dim(0));
    }

    /**
     * Every step's input side for a whole sequence [T, B, I], as T tensors [B, ·]: with declared gates one
     * GEMM straight into the step tensors (the [T·B, G·H] product never exists as a tensor), else T views
     * of the input.
     */
    public final List<Tensor> stepInputs(Tensor seq) {
        if (seq.rank() != 3 || seq.dim(2) != inputSize) {
            throw new IllegalArgumentException(this + ": sequence input must be [T, B, " + inputSize + "], got "
                    + seq.shape());
        }
        int steps = seq.dim(0);
        int batch = seq.dim(1);
        if (steps == 0) {
            return List.of();
        }
        int[] sizes = new int[steps];
        Arrays.fill(sizes, batch);
        return stepInputs(seq.reshape(steps * batch, inputSize), sizes);
    }

    /**
     * Every step's input side for steps stored one after the other: {@code rows} [N, I] holds step t in
     * {@code batchSizes[t]} rows (a {@link PackedSequence}'s data, or a [T·B, I] sequence with every size B).
     */
    final List<Tensor> stepInputs(Tensor rows, int[] batchSizes) {
        if (rows.rank() != 2 || rows.dim(1) != inputSize) {
            throw new IllegalArgumentException(this + ": packed input must be [N, " + inputSize + "], got "
                    + rows.shape());
        }
        if (batchSizes.length == 0) {
            return List.of();
        }
        if (input == null) {
            return rows.split(batchSizes, 0);
        }
        if (!sequenceInputOverridden) {
            return FusedOps.linearSplit(rows, input.weightIh, input.inputBias(), batchSizes);
        }
        Tensor prepared = sequenceInput(rows.linear(input.weightIh, input.inputBias()));
        if (prepared.rank() != 2 || prepared.dim(0) != rows.dim(0)) {
            throw new IllegalStateException(this + ".sequenceInput must return [" + rows.dim(0) + ", *] for ["
                    + rows.dim(0) + ", " + rows(input.names().size()) + "], got " + prepared.shape());
        }
        return prepared.split(batchSizes, 0);
    }

    /** {@link #step} on an input side from {@link #stepInputs}, with the state and the result checked. */
    final State stepChecked(Tensor in, State state, int batch) {
        checkState(state, batch, "state");
        State next = step(in, state);
        if (next == null) {
            throw new IllegalStateException(this + ".step returned null");
        }
        checkState(next, batch, "step's result");
        return next;
    }

    private void checkState(State state, int batch, String what) {
        if (state == null || state.size() != stateNames.size()) {
            throw new IllegalArgumentException(this + ": " + what + " must hold " + stateNames.size() + " tensors "
                    + stateNames + ", got " + state);
        }
        for (int i = 0; i < stateSizes.length; i++) {
            Tensor t = state.get(i);
            if (t.rank() != 2 || t.dim(0) != batch || t.dim(1) != stateSizes[i]) {
                throw new IllegalArgumentException(this + ": " + what + " tensors " + stateNames + " must be "
                        + expectedShapes(batch) + " for batch " + batch + ", got " + state);
            }
        }
    }

    /** "[2, 4]" when every state tensor is [B, H], else one shape per tensor: "h [2, 3], c [2, 4]". */
    private String expectedShapes(int batch) {
        if (Arrays.stream(stateSizes).allMatch(s -> s == hiddenSize)) {
            return "[" + batch + ", " + hiddenSize + "]";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < stateSizes.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(stateNames.get(i)).append(" [").append(batch).append(", ")
                    .append(stateSizes[i]).append(']');
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ what a cell is

    public final int inputSize() {
        return inputSize;
    }

    public final int hiddenSize() {
        return hiddenSize;
    }

    /**
     * The width of the hidden output (state tensor 0), what {@link Recurrent} collects at each step and feeds the
     * next layer: hiddenSize, or the projection size of an LSTM with {@link CellConfig#projSize()}.
     */
    public final int outputSize() {
        return stateSizes[0];
    }

    /** The width of state tensor {@code index} (in {@link #stateNames()} order): hiddenSize unless declared. */
    public final int stateSize(int index) {
        if (index < 0 || index >= stateSizes.length) {
            throw new IllegalArgumentException(this + ".stateSize: index " + index + " out of range for the state "
                    + stateNames);
        }
        return stateSizes[index];
    }

    public final DType dtype() {
        return dtype;
    }

    /** The declared state tensors, hidden output first. */
    public final List<String> stateNames() {
        return stateNames;
    }

    /** Zeros, one [batch, stateSize(i)] tensor per declared state tensor ([batch, hiddenSize] unless declared). */
    public final State initialState(int batch, DType type) {
        List<Tensor> zeros = new ArrayList<>(stateNames.size());
        for (int i = 0; i < stateNames.size(); i++) {
            zeros.add(Tensor.zeros(type, batch, stateSizes[i]));
        }
        return new State(zeros);
    }

    /**
     * The gate blocks each of this cell's own parameters packs in its first dimension (blocks of hiddenSize
     * rows, in order) by local name: {@code weight_ih} → [i, f, g, o]. Parameters not listed pack none.
     */
    public final Map<String, List<String>> gateBlocks() {
        return Collections.unmodifiableMap(gateBlocks);
    }

    /** The declared input gates, in order (empty when the cell declared none). */
    public final List<String> gateNames() {
        return input == null ? List.of() : input.names();
    }

    /** The name given to the constructor, e.g. "LSTMCell". */
    public final String kind() {
        return kind;
    }

    /** {@code LSTMCell(3, 4)}; with a projection {@code LSTMCell(3, 4, proj_size=2)}, as torch.nn.LSTM prints it. */
    @Override
    public String toString() {
        return kind + "(" + inputSize + ", " + hiddenSize + sizesSuffix() + ")";
    }

    /** "" when every state is [B, hiddenSize]; else ", proj_size=P" for a projection, ", name=size" otherwise. */
    private String sizesSuffix() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < stateSizes.length; i++) {
            if (stateSizes[i] != hiddenSize) {
                boolean projection = i == 0 && stateSizes[0] == config.projSize();
                sb.append(", ").append(projection ? "proj_size" : stateNames.get(i)).append('=').append(stateSizes[i]);
            }
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ declared pieces

    /** Declared gate blocks: the input projection, and for {@link Cell#gates} the packed hidden one. */
    public static final class Gates {
        private final Cell cell;
        private final List<String> names;
        private final Tensor weightIh;
        private final Tensor biasIh;
        private final Tensor weightHh;
        private final Tensor biasHh;
        private boolean separate;

        private Gates(Cell cell, List<String> names, Tensor weightIh, Tensor biasIh, Tensor weightHh, Tensor biasHh) {
            this.cell = cell;
            this.names = names;
            this.weightIh = weightIh;
            this.biasIh = biasIh;
            this.weightHh = weightHh;
            this.biasHh = biasHh;
        }

        /**
         * Keeps b_hh out of the step input, so {@link #hidden} is W_hh h + b_hh on its own (GRU). Call it in
         * the constructor, right after {@link Cell#gates}.
         */
        public Gates separate() {
            separate = true;
            return this;
        }

        /** The bias added on the input side: b_ih, plus b_hh when the gates are summed. */
        Tensor inputBias() {
            if (biasIh == null) {
                return null;
            }
            return separate || biasHh == null ? biasIh : biasIh.add(biasHh);
        }

        /** in + W_hh h (+ b_hh when {@link #separate()}): the summed gate pre-activations [B, G·H]. */
        public Tensor plusHidden(Tensor in, Tensor h) {
            requireHidden("plusHidden");
            Tensor z = h.linear(weightHh, in);
            return separate ? z.add(biasHh) : z;
        }

        /** W_hh h + b_hh [B, G·H], for gates declared {@link #separate()}. */
        public Tensor hidden(Tensor h) {
            requireHidden("hidden");
            if (!separate) {
                throw new IllegalStateException(cell.kind + ".hidden: b_hh is already in the step input (summed "
                        + "gates); use plusHidden(in, h), or declare gates(...).separate()");
            }
            return h.linear(weightHh, biasHh);
        }

        private void requireHidden(String method) {
            if (weightHh == null) {
                throw new IllegalStateException(cell.kind + "." + method + ": declared with inputGates, which have no "
                        + "hidden side; declare gates(...) or a recurrent(...) projection");
            }
        }

        /** Splits a [B, G·H] tensor into its G gate blocks [B, H], in declaration order. */
        public List<Tensor> split(Tensor z) {
            return z.chunk(names.size(), 1);
        }

        public List<String> names() {
            return names;
        }

        public Tensor weightIh() {
            return weightIh;
        }

        public Tensor weightHh() {
            return weightHh;
        }

        public Tensor biasIh() {
            return biasIh;
        }

        public Tensor biasHh() {
            return biasHh;
        }
    }

    /** A declared recurrent projection h ↦ W h (+ b), [B, outputSize] → [B, k·H]. */
    public static final class Projection {
        private final Cell cell;
        private final List<String> names;
        private final Tensor weight;
        private final Tensor bias;

        private Projection(Cell cell, List<String> names, Tensor weight, Tensor bias) {
            this.cell = cell;
            this.names = names;
            this.weight = weight;
            this.bias = bias;
        }

        /** W h (+ b). */
        public Tensor of(Tensor h) {
            return h.linear(weight, bias);
        }

        /** z + W h (+ b), the product accumulating onto z. */
        public Tensor plus(Tensor z, Tensor h) {
            Tensor out = h.linear(weight, z);
            return bias == null ? out : out.add(bias);
        }

        /** Splits a [B, k·H] result into its k gate blocks. */
        public List<Tensor> split(Tensor z) {
            return z.chunk(names.size(), 1);
        }

        public Tensor weight() {
            return weight;
        }

        public Tensor bias() {
            return bias;
        }

        @Override
        public String toString() {
            return cell.kind + " projection " + names;
        }
    }
}
