package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.init.Init;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Gated recurrent unit, as torch.nn.GRUCell. State (h); gates stacked r, z, n:
 * <pre>
 * r = σ(W_ir x + b_ir + W_hr h + b_hr)    z = σ(W_iz x + b_iz + W_hz h + b_hz)
 * n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
 * h' = (1 − z) ⊙ n + z ⊙ h
 * </pre>
 */
public final class GRUCell extends StandardCell {

    /** PyTorch's default init: all four parameters uniform ±1/sqrt(H). */
    public GRUCell(int inputSize, int hiddenSize, DType dtype, RandomGenerator rng) {
        this(inputSize, hiddenSize, dtype, rng, Init.pytorchDefault(hiddenSize), Init.pytorchDefault(hiddenSize));
    }

    public GRUCell(int inputSize, int hiddenSize, DType dtype, RandomGenerator rng, Init weightInit, Init biasInit) {
        super("GRUCell", 3, inputSize, hiddenSize, dtype, rng, weightInit, biasInit);
    }

    @Override
    public State step(Tensor x, Tensor precomputed, State state) {
        List<Tensor> gx = inputGates(x, precomputed, state).chunk(3, 1);
        Tensor h = state.h();
        List<Tensor> gh = hiddenGates(h).chunk(3, 1);
        Tensor r = gx.get(0).add(gh.get(0)).sigmoid();
        Tensor z = gx.get(1).add(gh.get(1)).sigmoid();
        Tensor n = gx.get(2).add(r.mul(gh.get(2))).tanh();
        // (1 − z) ⊙ n + z ⊙ h, written as n + z ⊙ (h − n): one op fewer
        return State.of(n.add(z.mul(h.sub(n))));
    }
}
