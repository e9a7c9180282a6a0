package io.github.tapegrad.nn.verify;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.State;
import io.github.tapegrad.nn.StandardCell;
import io.github.tapegrad.nn.init.Init;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A researcher's variant, as the README's recipe writes it: LSTM with peephole connections (Gers and
 * Schmidhuber 2000), diagonal weights from the cell state into the gates:
 * {@code i = σ(... + w_ci ⊙ c)}, {@code f = σ(... + w_cf ⊙ c)}, {@code o = σ(... + w_co ⊙ c')}.
 * It keeps LSTMCell's four parameters and names, so with zero peepholes it is LSTMCell.
 */
final class PeepholeLSTMCell extends StandardCell {
    private final Tensor wCi;
    private final Tensor wCf;
    private final Tensor wCo;

    PeepholeLSTMCell(int inputSize, int hiddenSize, DType dtype, RandomGenerator rng) {
        super("PeepholeLSTMCell", 4, inputSize, hiddenSize, dtype, rng, Init.pytorchDefault(hiddenSize),
                Init.pytorchDefault(hiddenSize));
        wCi = registerParameter("weight_ci", Init.pytorchDefault(hiddenSize).sample(dtype, rng, hiddenSize));
        wCf = registerParameter("weight_cf", Init.pytorchDefault(hiddenSize).sample(dtype, rng, hiddenSize));
        wCo = registerParameter("weight_co", Init.pytorchDefault(hiddenSize).sample(dtype, rng, hiddenSize));
    }

    @Override
    protected int stateSize() {
        return 2; // (h, c)
    }

    @Override
    public State step(Tensor x, Tensor precomputed, State state) {
        Tensor c = state.get(1);
        List<Tensor> gates = inputGates(x, precomputed, state).add(hiddenGates(state.h())).chunk(4, 1);
        Tensor i = gates.get(0).add(c.mul(wCi)).sigmoid();
        Tensor f = gates.get(1).add(c.mul(wCf)).sigmoid();
        Tensor cNext = f.mul(c).add(i.mul(gates.get(2).tanh()));
        Tensor o = gates.get(3).add(cNext.mul(wCo)).sigmoid();
        return State.of(o.mul(cNext.tanh()), cNext);
    }
}
