package io.github.tapegrad.nn.init;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.Shape;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.Module;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Makes a parameter's initial values. Fans follow torch.nn.init: for a weight [out, in, k...],
 * fan_in = in·k..., fan_out = out·k...; Xavier and Kaiming need rank ≥ 2.
 */
@FunctionalInterface
public interface Init {

    /** A new tensor of {@code shape} (not requiring grad; the module registers it). */
    Tensor sample(Shape shape, DType dtype, RandomGenerator rng);

    default Tensor sample(DType dtype, RandomGenerator rng, int... dims) {
        return sample(Shape.of(dims), dtype, rng);
    }

    /** Uniform in [a, b). */
    static Init uniform(double a, double b) {
        if (!(a <= b)) {
            throw new IllegalArgumentException("Init.uniform: need a <= b, got a=" + a + ", b=" + b);
        }
        return (shape, dtype, rng) -> Tensor.uniform(rng, a, b, dtype, shape.toArray());
    }

    /** Normal with the given mean and standard deviation (d2l's RNNs use normal(0, 0.01)). */
    static Init normal(double mean, double std) {
        if (!(std >= 0)) {
            throw new IllegalArgumentException("Init.normal: std must be >= 0, got " + std);
        }
        return (shape, dtype, rng) -> {
            double[] v = new double[shape.numel()];
            for (int i = 0; i < v.length; i++) {
                v[i] = mean + std * rng.nextGaussian();
            }
            return of(v, shape, dtype);
        };
    }

    static Init zeros() {
        return (shape, dtype, rng) -> Tensor.zeros(shape, dtype);
    }

    static Init constant(double value) {
        return (shape, dtype, rng) -> Tensor.full(value, shape, dtype);
    }

    /** PyTorch's default for recurrent cells and Linear: uniform ±1/sqrt(fan), fan = hidden size or in features. */
    static Init pytorchDefault(int fan) {
        if (fan <= 0) {
            throw new IllegalArgumentException("Init.pytorchDefault: fan must be positive, got " + fan);
        }
        double k = 1.0 / Math.sqrt(fan);
        return uniform(-k, k);
    }

    /** Glorot: uniform ±gain·sqrt(6 / (fan_in + fan_out)). */
    static Init xavierUniform(double gain) {
        return (shape, dtype, rng) -> {
            int[] f = fans("xavierUniform", shape);
            double a = gain * Math.sqrt(6.0 / (f[0] + f[1]));
            return Tensor.uniform(rng, -a, a, dtype, shape.toArray());
        };
    }

    /** Glorot: normal(0, gain·sqrt(2 / (fan_in + fan_out))). */
    static Init xavierNormal(double gain) {
        return (shape, dtype, rng) -> {
            int[] f = fans("xavierNormal", shape);
            return normal(0, gain * Math.sqrt(2.0 / (f[0] + f[1]))).sample(shape, dtype, rng);
        };
    }

    /** He (fan_in mode): uniform ±gain·sqrt(3 / fan_in). */
    static Init kaimingUniform(double gain) {
        return (shape, dtype, rng) -> {
            double bound = gain * Math.sqrt(3.0 / fans("kaimingUniform", shape)[0]);
            return Tensor.uniform(rng, -bound, bound, dtype, shape.toArray());
        };
    }

    static Init kaimingUniform(Gain gain) {
        return kaimingUniform(gain.value());
    }

    /** He (fan_in mode): normal(0, gain / sqrt(fan_in)). */
    static Init kaimingNormal(double gain) {
        return (shape, dtype, rng) -> normal(0, gain / Math.sqrt(fans("kaimingNormal", shape)[0])).sample(shape, dtype, rng);
    }

    static Init kaimingNormal(Gain gain) {
        return kaimingNormal(gain.value());
    }

    /** {fan_in, fan_out} of a weight of rank ≥ 2. */
    static int[] fans(String op, Shape shape) {
        if (shape.rank() < 2) {
            throw new IllegalArgumentException("Init." + op + ": fan in/out need a tensor of rank >= 2, got " + shape);
        }
        int receptive = shape.numel(2, shape.rank());
        return new int[] {shape.dim(1) * receptive, shape.dim(0) * receptive};
    }

    /**
     * Adds {@code delta} to gate {@code gate}'s block of one bias in every cell of {@code model} that declares that
     * gate ({@link Cell#gateBlocks()}): {@code bias_ih} when the cell has it, else its first bias packing the gate,
     * so the gate's pre-activation at initialization moves by exactly {@code delta}. In place, under no-grad. E.g.
     * {@code shiftGateBias(model, "f", 1)} is the forget-gate bias of 1 that Gers et al. (2000) and Jozefowicz et
     * al. (2015) recommend, for every cell with a gate named {@code f}; cells without one (GRU, NFG, CIFG) are left
     * as they are.
     *
     * @return how many cells were shifted
     */
    static int shiftGateBias(Module model, String gate, double delta) {
        if (!Double.isFinite(delta)) {
            throw new IllegalArgumentException("Init.shiftGateBias: delta must be finite, got " + delta);
        }
        int shifted = 0;
        if (model instanceof Cell cell) {
            Map<String, List<String>> blocks = cell.gateBlocks();
            String bias = blocks.containsKey("bias_ih") && blocks.get("bias_ih").contains(gate) ? "bias_ih"
                    : blocks.keySet().stream().filter(n -> n.startsWith("bias") && blocks.get(n).contains(gate))
                    .findFirst().orElse(null);
            if (bias != null) {
                Tensor b = cell.namedParameters().get(bias);
                int h = cell.hiddenSize();
                int k = blocks.get(bias).indexOf(gate);
                if (b == null || b.rank() != 1 || b.dim(0) != blocks.get(bias).size() * h) {
                    throw new IllegalStateException("Init.shiftGateBias: " + cell + " declares " + bias + " packing "
                            + blocks.get(bias) + " of " + h + " but has " + (b == null ? "no such parameter" : b.shape()));
                }
                double[] v = b.toDoubleArray();
                for (int i = k * h; i < (k + 1) * h; i++) {
                    v[i] += delta;
                }
                try (Grad.Scope off = Grad.off()) {
                    b.copy_(of(v, b.shape(), b.dtype()));
                }
                shifted++;
            }
        }
        for (Module child : model.namedChildren().values()) {
            shifted += shiftGateBias(child, gate, delta);
        }
        return shifted;
    }

    /**
     * Sets the forget-gate block [H, 2H) of an LSTM bias [4H] (gate order i, f, g, o) to {@code value},
     * in place under no-grad. With both bias_ih and bias_hh set, the effective forget bias is 2·value.
     */
    static void lstmForgetGateBias(Tensor bias, double value) {
        if (bias.rank() != 1 || bias.dim(0) % 4 != 0) {
            throw new IllegalArgumentException("Init.lstmForgetGateBias: bias must be [4H], got " + bias.shape());
        }
        int h = bias.dim(0) / 4;
        double[] v = bias.toDoubleArray();
        for (int i = h; i < 2 * h; i++) {
            v[i] = value;
        }
        try (Grad.Scope off = Grad.off()) {
            bias.copy_(of(v, bias.shape(), bias.dtype()));
        }
    }

    private static Tensor of(double[] v, Shape shape, DType dtype) {
        Tensor t = Tensor.of(v).reshape(shape.toArray());
        return dtype == DType.FLOAT64 ? t : t.toFloat();
    }
}
