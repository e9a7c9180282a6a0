package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs any {@link Cell} over a sequence, for a stack of layers: the one time loop in nn.
 *
 * <p>Input is [T, B, I] (or [B, T, I] when batch-first). Layer l's cell comes from the factory with
 * input size I for l = 0 and the previous layer's hidden size after; dropout (training mode only) is
 * applied to every layer's outputs but the last, as torch.nn.LSTM. Parameters are named as torch's
 * multi-layer modules name them: the cell's own names plus {@code _l<layer>} ({@code weight_ih_l0}, ...),
 * so a state dict maps onto torch.nn.LSTM's.
 *
 * <p>Per layer: {@code cell.precompute} once on the whole layer input, one {@code split} of it (and of
 * the input) into T steps, T calls of {@code cell.step}, one {@code stack} of the hidden outputs.
 */
public class Recurrent extends Module {
    private final String name;
    private final int inputSize;
    private final boolean batchFirst;
    private final List<Cell> cells;
    private final Dropout dropout;

    public <C extends Module & Cell> Recurrent(String name, int inputSize, int numLayers, CellFactory<C> factory) {
        this(name, inputSize, numLayers, false, 0, 0, factory);
    }

    /**
     * @param name used in error messages, e.g. "LSTM"
     * @param dropout probability of zeroing a layer's output before the next layer (not after the last)
     * @param dropoutSeed seed of the dropout masks
     */
    public <C extends Module & Cell> Recurrent(String name, int inputSize, int numLayers, boolean batchFirst,
                                               double dropout, long dropoutSeed, CellFactory<C> factory) {
        if (inputSize <= 0 || numLayers <= 0) {
            throw new IllegalArgumentException(name + ": inputSize and numLayers must be positive, got inputSize="
                    + inputSize + ", numLayers=" + numLayers);
        }
        this.name = name;
        this.inputSize = inputSize;
        this.batchFirst = batchFirst;
        List<Cell> made = new ArrayList<>(numLayers);
        int in = inputSize;
        for (int l = 0; l < numLayers; l++) {
            C cell = factory.create(in, l);
            if (cell == null || cell.inputSize() != in) {
                throw new IllegalArgumentException(name + ": the factory's cell for layer " + l + " must take input size "
                        + in + ", got " + (cell == null ? "null" : cell + " with input size " + cell.inputSize()));
            }
            made.add(registerModuleInline("_l" + l, cell));
            in = cell.hiddenSize();
        }
        this.cells = Collections.unmodifiableList(made);
        this.dropout = registerModule("dropout", new Dropout(dropout, dropoutSeed));
    }

    /** Runs from zero initial states. */
    public RecurrentOutput forward(Tensor input) {
        return forward(input, null);
    }

    /**
     * @param input [T, B, I], or [B, T, I] when batch-first
     * @param initialStates one state per layer, or null for zeros
     */
    public RecurrentOutput forward(Tensor input, List<State> initialStates) {
        checkInput(input);
        if (initialStates != null && initialStates.size() != cells.size()) {
            throw new IllegalArgumentException(this + ": needs " + cells.size() + " initial states (one per layer), got "
                    + initialStates.size());
        }
        Tensor seq = batchFirst ? input.transpose(0, 1) : input;
        int steps = seq.dim(0);
        int batch = seq.dim(1);
        List<State> finals = new ArrayList<>(cells.size());
        for (int l = 0; l < cells.size(); l++) {
            Cell cell = cells.get(l);
            State state = initialStates != null ? initialStates.get(l) : cell.initialState(batch, seq.dtype());
            if (steps == 0) {
                finals.add(state);
                seq = Tensor.zeros(seq.dtype(), 0, batch, cell.hiddenSize());
                continue;
            }
            List<Tensor> xs = Cell.splitSteps(seq);
            List<Tensor> pres = cell.precomputeSteps(seq);
            if (pres != null && pres.size() != steps) {
                throw new IllegalArgumentException(this + ": " + cell + ".precomputeSteps must return " + steps
                        + " tensors for layer input " + seq.shape() + ", got " + pres.size());
            }
            List<Tensor> hs = new ArrayList<>(steps);
            for (int t = 0; t < steps; t++) {
                state = cell.step(xs.get(t), pres == null ? null : pres.get(t), state);
                hs.add(state.h());
            }
            finals.add(state);
            seq = Tensor.stack(hs, 0);
            if (l < cells.size() - 1) {
                seq = dropout.forward(seq);
            }
        }
        return new RecurrentOutput(batchFirst ? seq.transpose(0, 1) : seq, finals);
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

    /** The last layer's hidden size (the width of the outputs). */
    public int hiddenSize() {
        return cells.get(cells.size() - 1).hiddenSize();
    }

    public int numLayers() {
        return cells.size();
    }

    public boolean batchFirst() {
        return batchFirst;
    }

    public Cell cell(int layer) {
        return cells.get(layer);
    }

    public List<Cell> cells() {
        return cells;
    }

    @Override
    public String toString() {
        return name + "(" + inputSize + ", " + hiddenSize() + ", numLayers=" + cells.size()
                + (batchFirst ? ", batchFirst" : "") + (dropout.p() > 0 ? ", dropout=" + dropout.p() : "") + ")";
    }
}
