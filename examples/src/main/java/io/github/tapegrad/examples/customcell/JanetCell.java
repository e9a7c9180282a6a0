package io.github.tapegrad.examples.customcell;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.State;

import java.util.List;

/**
 * JANET, the forget-gate-only LSTM: van der Westhuizen and Lasenby, "The unreasonable effectiveness of the forget
 * gate", arXiv:1804.04849, 2018. An LSTM with the forget gate alone: the input gate is tied to it, shifted by β, and
 * the output is the memory cell itself, so the state is one tensor (h = c):
 * <pre>
 * s = W_f x + U_f h + b_f          c̃ = tanh(W_c x + U_c h + b_c)
 * h' = σ(s) ⊙ h + (1 − σ(s − β)) ⊙ c̃          (β = 1)
 * </pre>
 * Gates stacked f, c as PyTorch stacks an LSTM's ({@code weight_ih} [2H, I], {@code weight_hh} [2H, H] and their
 * biases); PyTorch's default init (the paper draws b_f with the chrono initializer instead). The example's own cell:
 * written here, in the one cell contract, it runs in every example with
 * {@code --cell io.github.tapegrad.examples.customcell.JanetCell}.
 */
public final class JanetCell extends Cell {
    /** The shift of the input gate's pre-activation: the paper's β = 1. */
    static final double BETA = 1;

    private final Gates gates;

    public JanetCell(CellConfig config) {
        super("JANET", config, "h");
        gates = gates("f", "c");
    }

    @Override
    protected State step(Tensor in, State state) {
        List<Tensor> z = gates.split(gates.plusHidden(in, state.h()));
        Tensor s = z.get(0);
        Tensor candidate = z.get(1).tanh();
        Tensor kept = s.sigmoid().mul(state.h());
        Tensor written = s.sub(BETA).sigmoid().rsub(1).mul(candidate);
        return State.of(kept.add(written));
    }
}
