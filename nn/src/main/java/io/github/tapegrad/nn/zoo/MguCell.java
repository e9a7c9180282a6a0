package io.github.tapegrad.nn.zoo;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.State;

import java.util.List;

/**
 * Minimal gated unit: Zhou, Wu, Zhang and Zhou, "Minimal Gated Unit for Recurrent Neural Networks",
 * International Journal of Automation and Computing 13(3), 2016, eq. (5). One gate; its recurrent weights are
 * two blocks, the candidate's applied to f ⊙ h ({@code weight_hf}, {@code weight_hn} [H, H]):
 * <pre>
 * f = σ(W_f x + U_f h + b_f)      h̃ = tanh(W_h x + U_h (f ⊙ h) + b_h)      h' = (1 − f) ⊙ h + f ⊙ h̃
 * </pre>
 */
public final class MguCell extends Cell {
    private final Gates in;
    private final Projection uf;
    private final Projection uh;

    public MguCell(CellConfig config) {
        super("MGU", config, "h");
        in = inputGates("f", "n");
        uf = recurrent("hf", false, "f");
        uh = recurrent("hn", false, "n");
    }

    @Override
    protected State step(Tensor x, State state) {
        List<Tensor> z = in.split(x);
        Tensor h = state.h();
        Tensor f = uf.plus(z.get(0), h).sigmoid();
        Tensor candidate = uh.plus(z.get(1), f.mul(h)).tanh();
        return State.of(h.add(f.mul(candidate.sub(h))));                // (1 − f) ⊙ h + f ⊙ h̃
    }
}
