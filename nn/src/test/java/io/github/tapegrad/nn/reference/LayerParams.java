package io.github.tapegrad.nn.reference;

/**
 * One layer's parameters in PyTorch's layout, row-major: {@code wIh [G*H, in]}, {@code wHh [G*H, H]},
 * {@code bIh [G*H]}, {@code bHh [G*H]}. Arrays are copied in and out, so a value never changes.
 */
public record LayerParams(double[] wIh, double[] wHh, double[] bIh, double[] bHh) {

    public LayerParams {
        wIh = copyOf("wIh", wIh);
        wHh = copyOf("wHh", wHh);
        bIh = copyOf("bIh", bIh);
        bHh = copyOf("bHh", bHh);
    }

    @Override
    public double[] wIh() {
        return wIh.clone();
    }

    @Override
    public double[] wHh() {
        return wHh.clone();
    }

    @Override
    public double[] bIh() {
        return bIh.clone();
    }

    @Override
    public double[] bHh() {
        return bHh.clone();
    }

    /** Throws unless the shapes fit {@code spec}'s cell of layer {@code layer} and direction {@code direction}. */
    void checkShapes(RecurrentSpec spec, int layer, int direction) {
        int rows = spec.gateRows();
        int in = spec.layerInputSize(layer);
        String suffix = ReferenceParams.suffix(layer, direction);
        checkLength(spec, suffix, "weight_ih", wIh.length, rows, in);
        checkLength(spec, suffix, "weight_hh", wHh.length, rows, spec.hiddenSize());
        checkLength(spec, suffix, "bias_ih", bIh.length, rows, 1);
        checkLength(spec, suffix, "bias_hh", bHh.length, rows, 1);
    }

    // Unchecked views for the reference's own loops, which never write into them.
    double[] rawWIh() {
        return wIh;
    }

    double[] rawWHh() {
        return wHh;
    }

    double[] rawBIh() {
        return bIh;
    }

    double[] rawBHh() {
        return bHh;
    }

    private static void checkLength(RecurrentSpec spec, String suffix, String name, int actual, int rows, int cols) {
        if (actual != rows * cols) {
            String shape = cols == 1 ? "[" + rows + "]" : "[" + rows + ", " + cols + "]";
            throw new IllegalArgumentException("LayerParams: " + spec + " " + name + suffix + " has length "
                    + actual + ", expected " + shape + " = " + rows * cols);
        }
    }

    private static double[] copyOf(String name, double[] array) {
        if (array == null) {
            throw new IllegalArgumentException("LayerParams: " + name + " is null");
        }
        return array.clone();
    }
}
