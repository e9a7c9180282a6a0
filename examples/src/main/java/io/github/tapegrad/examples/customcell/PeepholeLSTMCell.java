package io.github.tapegrad.examples.customcell;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.Module;
import io.github.tapegrad.nn.State;
import io.github.tapegrad.nn.init.Init;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A peephole LSTM (Gers and Schmidhuber, 2000), written the way a researcher would add a cell to tapegrad:
 * forward code only, no derivative anywhere. The gates also look at the cell state:
 * <pre>
 * i = σ(W_i x + U_i h + p_i ⊙ c  + b_i)     f = σ(W_f x + U_f h + p_f ⊙ c + b_f)
 * g = tanh(W_g x + U_g h + b_g)             c' = f ⊙ c + i ⊙ g
 * o = σ(W_o x + U_o h + p_o ⊙ c' + b_o)     h' = o ⊙ tanh(c')
 * </pre>
 * Parameters: {@code weight_ih} [4H, I] and {@code weight_hh} [4H, H] (gates stacked i, f, g, o as in torch's
 * LSTM), {@code bias} [4H], and the peephole vectors {@code peephole_i}, {@code peephole_f}, {@code peephole_o} [H].
 */
public final class PeepholeLSTMCell extends Module implements Cell {
    /** Parameter names in registration order (the order {@link #ofParameters} expects). */
    public static final List<String> PARAMETER_NAMES =
            List.of("weight_ih", "weight_hh", "bias", "peephole_i", "peephole_f", "peephole_o");

    private final int inputSize;
    private final int hiddenSize;
    private final Tensor weightIh;
    private final Tensor weightHh;
    private final Tensor bias;
    private final Tensor peepholeI;
    private final Tensor peepholeF;
    private final Tensor peepholeO;

    /** New parameters: weights from {@code weightInit}, bias and peepholes from {@code biasInit}. */
    public PeepholeLSTMCell(int inputSize, int hiddenSize, DType dtype, RandomGenerator rng, Init weightInit,
                            Init biasInit) {
        this(inputSize, hiddenSize, List.of(
                weightInit.sample(dtype, rng, gateRows(hiddenSize), inputSize),
                weightInit.sample(dtype, rng, gateRows(hiddenSize), hiddenSize),
                biasInit.sample(dtype, rng, gateRows(hiddenSize)),
                biasInit.sample(dtype, rng, hiddenSize),
                biasInit.sample(dtype, rng, hiddenSize),
                biasInit.sample(dtype, rng, hiddenSize)));
    }

    /** 4 · hiddenSize, the rows of the stacked gate weights, refused when it overflows int. */
    private static int gateRows(int hiddenSize) {
        if (hiddenSize > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("PeepholeLSTMCell: 4 * hiddenSize = 4 * " + hiddenSize + " overflows int");
        }
        return 4 * hiddenSize;
    }

    /** A cell over given parameter tensors, in {@link #PARAMETER_NAMES} order (used by the gradient check). */
    public static PeepholeLSTMCell ofParameters(int inputSize, int hiddenSize, List<Tensor> values) {
        return new PeepholeLSTMCell(inputSize, hiddenSize, values);
    }

    private PeepholeLSTMCell(int inputSize, int hiddenSize, List<Tensor> values) {
        if (inputSize <= 0 || hiddenSize <= 0 || values.size() != PARAMETER_NAMES.size()) {
            throw new IllegalArgumentException("PeepholeLSTMCell: need positive sizes and " + PARAMETER_NAMES.size()
                    + " parameters, got inputSize=" + inputSize + ", hiddenSize=" + hiddenSize + ", " + values.size()
                    + " parameters");
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        int gates = gateRows(hiddenSize);
        int[][] shapes = {{gates, inputSize}, {gates, hiddenSize}, {gates},
                {hiddenSize}, {hiddenSize}, {hiddenSize}};
        Tensor[] registered = new Tensor[shapes.length];
        for (int k = 0; k < shapes.length; k++) {
            Tensor v = values.get(k);
            if (!java.util.Arrays.equals(v.shape().toArray(), shapes[k])) {
                throw new IllegalArgumentException("PeepholeLSTMCell: " + PARAMETER_NAMES.get(k) + " must be "
                        + java.util.Arrays.toString(shapes[k]) + ", got " + v.shape());
            }
            registered[k] = registerParameter(PARAMETER_NAMES.get(k), v);
        }
        weightIh = registered[0];
        weightHh = registered[1];
        bias = registered[2];
        peepholeI = registered[3];
        peepholeF = registered[4];
        peepholeO = registered[5];
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

    /** W x + b for all steps in one GEMM: [T, B, I] → [T, B, 4H]. */
    @Override
    public Tensor precompute(Tensor inputs) {
        Cell.checkSequence(this, inputs);
        int steps = inputs.dim(0);
        int batch = inputs.dim(1);
        return inputs.reshape(steps * batch, inputSize).linear(weightIh, bias).reshape(steps, batch, 4 * hiddenSize);
    }

    @Override
    public State step(Tensor x, State state) {
        return step(x, null, state);
    }

    @Override
    public State step(Tensor x, Tensor precomputed, State state) {
        Cell.checkInput(this, x);
        Cell.checkState(this, state, 2, x.dim(0));
        Tensor h = state.h();
        Tensor c = state.get(1);
        Tensor fromInput = precomputed != null ? precomputed : x.linear(weightIh, bias);
        List<Tensor> gates = fromInput.add(h.matmulT(weightHh)).chunk(4, 1);
        Tensor i = gates.get(0).add(c.mul(peepholeI)).sigmoid();
        Tensor f = gates.get(1).add(c.mul(peepholeF)).sigmoid();
        Tensor g = gates.get(2).tanh();
        Tensor cNext = f.mul(c).add(i.mul(g));
        Tensor o = gates.get(3).add(cNext.mul(peepholeO)).sigmoid();
        return State.of(o.mul(cNext.tanh()), cNext);
    }

    @Override
    public String toString() {
        return "PeepholeLSTMCell(" + inputSize + ", " + hiddenSize + ")";
    }
}
