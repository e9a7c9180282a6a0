package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One time step of a recurrent network, written as forward code: {@code step(x, state) -> state}.
 * Implementations extend {@link Module} (so their parameters are registered) and implement this; the
 * time loop lives in {@link Recurrent} only. A cell never computes a derivative: autograd does.
 *
 * <p>Validate the input first ({@link #checkInput}) so a wrong shape is reported naming the cell.
 */
public interface Cell {
    int inputSize();

    int hiddenSize();

    /**
     * The gate blocks each of this cell's own parameters packs in its first dimension, blocks of
     * {@link #hiddenSize()} rows in order, by local parameter name ({@code weight_ih} → [i, f, g, o]).
     * Parameters not listed pack none. Default: none.
     */
    default java.util.Map<String, List<String>> gateBlocks() {
        return java.util.Map.of();
    }

    /** The state before the first step: zeros. */
    State initialState(int batch, DType dtype);

    /** x [B, I] and the state at t-1 → the state at t. */
    State step(Tensor x, State state);

    /**
     * Optional input-side work for the whole sequence at once, [T, B, I] → [T, B, *] (built-in cells:
     * x·W_ihᵀ + b_ih in one GEMM). Default: null, none.
     */
    default Tensor precompute(Tensor inputs) {
        return null;
    }

    /**
     * {@link #precompute}'s result as T step tensors [B, *], or null when there is none. The default
     * splits it; a cell may produce the steps directly (built-in cells: {@code Fused.linearSplit}, which
     * never materialises the [T, B, *] tensor).
     */
    default List<Tensor> precomputeSteps(Tensor inputs) {
        Tensor pre = precompute(inputs);
        if (pre == null) {
            return null;
        }
        int steps = inputs.dim(0);
        int batch = inputs.dim(1);
        if (pre.rank() < 2 || pre.dim(0) != steps || pre.dim(1) != batch) {
            throw new IllegalArgumentException(this + ".precompute must return [" + steps + ", " + batch
                    + ", *] for input " + inputs.shape() + ", got " + pre.shape());
        }
        return splitSteps(pre);
    }

    /** [T, B, *] → T tensors [B, *], by one split. */
    static List<Tensor> splitSteps(Tensor seq) {
        int steps = seq.dim(0);
        int batch = seq.dim(1);
        int[] ones = new int[steps];
        Arrays.fill(ones, 1);
        int width = seq.numel() / (steps * batch);
        List<Tensor> out = new ArrayList<>(steps);
        for (Tensor p : seq.split(ones, 0)) {
            out.add(p.reshape(batch, width));
        }
        return out;
    }

    /** One step given this step's [B, *] slice of {@link #precompute}'s result (null when it returned null). */
    default State step(Tensor x, Tensor precomputed, State state) {
        return step(x, state);
    }

    /** Throws naming {@code cell} when x is not [B, inputSize]. */
    static void checkInput(Cell cell, Tensor x) {
        if (x.rank() != 2 || x.dim(1) != cell.inputSize()) {
            throw new IllegalArgumentException(cell + ".step: input x must be [B, " + cell.inputSize() + "], got "
                    + x.shape());
        }
    }

    /** Throws naming {@code cell} when state tensor {@code i} is not [batch, hiddenSize]. */
    static void checkState(Cell cell, State state, int count, int batch) {
        if (state.size() != count) {
            throw new IllegalArgumentException(cell + ".step: state must hold " + count + " tensors, got " + state);
        }
        for (Tensor t : state.tensors()) {
            if (t.rank() != 2 || t.dim(0) != batch || t.dim(1) != cell.hiddenSize()) {
                throw new IllegalArgumentException(cell + ".step: state tensors must be [" + batch + ", "
                        + cell.hiddenSize() + "] for input batch " + batch + ", got " + state);
            }
        }
    }

    /** Throws naming {@code cell} when sequence inputs are not [T, B, inputSize]. */
    static void checkSequence(Cell cell, Tensor inputs) {
        if (inputs.rank() != 3 || inputs.dim(2) != cell.inputSize()) {
            throw new IllegalArgumentException(cell + ".precompute: inputs must be [T, B, " + cell.inputSize()
                    + "], got " + inputs.shape());
        }
    }
}
