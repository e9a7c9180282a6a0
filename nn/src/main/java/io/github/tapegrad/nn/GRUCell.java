package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Gated recurrent unit, as torch.nn.GRUCell (Cho et al. 2014). State (h); gates stacked r, z, n:
 * <pre>
 * r = σ(W_ir x + b_ir + W_hr h + b_hr)    z = σ(W_iz x + b_iz + W_hz h + b_hz)
 * n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
 * h' = (1 − z) ⊙ n + z ⊙ h
 * </pre>
 */
public final class GRUCell extends Cell {
    private final Gates gates;

    public GRUCell(CellConfig config) {
        super("GRUCell", config, "h");
        gates = gates("r", "z", "n").separate(); // r multiplies W_hn h + b_hn, so b_hh stays on the hidden side
    }

    /** PyTorch's default init. */
    public GRUCell(int inputSize, int hiddenSize, DType dtype, RandomGenerator rng) {
        this(CellConfig.of(inputSize, hiddenSize).dtype(dtype).rng(rng));
    }

    @Override
    protected State step(Tensor in, State state) {
        List<Tensor> gx = gates.split(in);
        Tensor h = state.h();
        List<Tensor> gh = gates.split(gates.hidden(h));
        Tensor r = gx.get(0).add(gh.get(0)).sigmoid();
        Tensor z = gx.get(1).add(gh.get(1)).sigmoid();
        Tensor n = gx.get(2).add(r.mul(gh.get(2))).tanh();
        // (1 − z) ⊙ n + z ⊙ h, written as n + z ⊙ (h − n): one op fewer
        return State.of(n.add(z.mul(h.sub(n))));
    }

    public Tensor weightIh() {
        return gates.weightIh();
    }

    public Tensor weightHh() {
        return gates.weightHh();
    }

    public Tensor biasIh() {
        return gates.biasIh();
    }

    public Tensor biasHh() {
        return gates.biasHh();
    }
}
