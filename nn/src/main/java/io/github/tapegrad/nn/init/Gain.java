package io.github.tapegrad.nn.init;

/** The recommended gain for a nonlinearity, as torch.nn.init.calculate_gain. */
public enum Gain {
    LINEAR(1.0),
    SIGMOID(1.0),
    TANH(5.0 / 3.0),
    RELU(Math.sqrt(2.0));

    private final double value;

    Gain(double value) {
        this.value = value;
    }

    public double value() {
        return value;
    }

    /** sqrt(2 / (1 + slope²)) for a leaky ReLU with the given negative slope. */
    public static double leakyRelu(double negativeSlope) {
        return Math.sqrt(2.0 / (1 + negativeSlope * negativeSlope));
    }
}
