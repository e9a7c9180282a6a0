package io.github.tapegrad.examples.customcell;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.autograd.check.GradCheck;
import io.github.tapegrad.autograd.check.GradCheckReport;
import io.github.tapegrad.nn.Recurrent;
import io.github.tapegrad.nn.RecurrentOutput;
import io.github.tapegrad.nn.State;
import io.github.tapegrad.nn.init.Init;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Checks autograd's gradients of the {@link PeepholeLSTMCell}, run over a sequence by {@link Recurrent}, against
 * central differences in float64 ({@link GradCheck}, full Jacobians). Every parameter, the input sequence and both
 * initial state tensors are checked; the outputs are every step's h and the final c.
 */
public final class CellGradientCheck {
    private CellGradientCheck() {
    }

    /** Sizes of one check: steps, batch, input and hidden size. */
    public record Sizes(int steps, int batch, int input, int hidden) {
        @Override
        public String toString() {
            return "T=" + steps + " B=" + batch + " I=" + input + " H=" + hidden;
        }
    }

    /** Small enough that full Jacobians take milliseconds. */
    public static final Sizes DEFAULT_SIZES = new Sizes(3, 2, 3, 2);

    public static GradCheckReport run(Sizes sizes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        // sample through the cell's own initialiser so the check sees the values training starts from (scaled up
        // a little, so that the peepholes and biases are not all tiny)
        PeepholeLSTMCell sample = new PeepholeLSTMCell(sizes.input(), sizes.hidden(), DType.FLOAT64, rng,
                Init.uniform(-0.8, 0.8), Init.uniform(-0.8, 0.8));
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(Tensor.uniform(rng, -1, 1, DType.FLOAT64, sizes.steps(), sizes.batch(), sizes.input()));
        inputs.add(Tensor.uniform(rng, -1, 1, DType.FLOAT64, sizes.batch(), sizes.hidden()));
        inputs.add(Tensor.uniform(rng, -1, 1, DType.FLOAT64, sizes.batch(), sizes.hidden()));
        for (Tensor p : sample.parameters()) {
            inputs.add(p.detach());
        }
        return GradCheck.check(values -> forward(sizes, values), inputs);
    }

    /** values = [x, h0, c0, parameters...] → every step's h and the final c, flattened into one vector. */
    private static Tensor forward(Sizes sizes, List<Tensor> values) {
        PeepholeLSTMCell cell = PeepholeLSTMCell.ofParameters(sizes.input(), sizes.hidden(),
                values.subList(3, values.size()));
        Recurrent layer = new Recurrent("PeepholeLSTM", sizes.input(), 1, (in, l) -> cell);
        RecurrentOutput out = layer.forward(values.get(0), List.of(State.of(values.get(1), values.get(2))));
        return Tensor.concat(List.of(out.outputs().reshape(-1), out.finalState().get(1).reshape(-1)), 0);
    }
}
