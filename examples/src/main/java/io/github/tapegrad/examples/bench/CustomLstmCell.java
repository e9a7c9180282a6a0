package io.github.tapegrad.examples.bench;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.Module;
import io.github.tapegrad.nn.State;

import java.util.List;

/**
 * An LSTM cell as a user would write it outside nn: parameters registered on a {@link Module}, forward code only,
 * run by nn's {@link io.github.tapegrad.nn.Recurrent}. It uses the one optional hook every cell may use (precompute
 * the input projection for the whole sequence), so its cost against the built-in LSTM shows what being outside nn
 * costs, not a different algorithm. Parameters start at zero; the benchmark loads its shared weights.
 */
final class CustomLstmCell extends Module implements Cell {
    private final int inputSize;
    private final int hiddenSize;
    private final Tensor weightIh;
    private final Tensor weightHh;
    private final Tensor biasIh;
    private final Tensor biasHh;

    CustomLstmCell(int inputSize, int hiddenSize, DType dtype) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        weightIh = registerParameter("weight_ih", Tensor.zeros(dtype, 4 * hiddenSize, inputSize));
        weightHh = registerParameter("weight_hh", Tensor.zeros(dtype, 4 * hiddenSize, hiddenSize));
        biasIh = registerParameter("bias_ih", Tensor.zeros(dtype, 4 * hiddenSize));
        biasHh = registerParameter("bias_hh", Tensor.zeros(dtype, 4 * hiddenSize));
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int hiddenSize() {
        return hiddenSize;
    }

    @Override
    public State initialState(int batch, DType dtype) {
        return State.of(Tensor.zeros(dtype, batch, hiddenSize), Tensor.zeros(dtype, batch, hiddenSize));
    }

    /** x·W_ihᵀ + b_ih for all steps in one product: [T, B, I] → [T, B, 4H]. */
    @Override
    public Tensor precompute(Tensor inputs) {
        Cell.checkSequence(this, inputs);
        int t = inputs.dim(0);
        int b = inputs.dim(1);
        return inputs.reshape(t * b, inputSize).linear(weightIh, biasIh).reshape(t, b, 4 * hiddenSize);
    }

    @Override
    public State step(Tensor x, State state) {
        return step(x, null, state);
    }

    @Override
    public State step(Tensor x, Tensor precomputed, State state) {
        Cell.checkInput(this, x);
        Cell.checkState(this, state, 2, x.dim(0));
        Tensor fromInput = precomputed != null ? precomputed : x.linear(weightIh, biasIh);
        List<Tensor> gates = fromInput.add(state.get(0).linear(weightHh, biasHh)).chunk(4, 1);
        Tensor inputGate = gates.get(0).sigmoid();
        Tensor forgetGate = gates.get(1).sigmoid();
        Tensor candidate = gates.get(2).tanh();
        Tensor outputGate = gates.get(3).sigmoid();
        Tensor cell = forgetGate.mul(state.get(1)).add(inputGate.mul(candidate));
        return State.of(outputGate.mul(cell.tanh()), cell);
    }

    @Override
    public String toString() {
        return "CustomLstmCell(" + inputSize + ", " + hiddenSize + ")";
    }
}
