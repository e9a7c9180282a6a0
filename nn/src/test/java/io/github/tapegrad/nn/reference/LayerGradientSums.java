package io.github.tapegrad.nn.reference;

/** Mutable sums of one layer's parameter gradients over all time steps and batch rows. */
final class LayerGradientSums {

    private final CellShape shape;
    private final int rows;
    private final double[] wIh;
    private final double[] wHh;
    private final double[] bIh;
    private final double[] bHh;

    LayerGradientSums(CellShape shape, int gateCount) {
        this.shape = shape;
        this.rows = shape.gateRows(gateCount);
        this.wIh = new double[rows * shape.inputSize()];
        this.wHh = new double[rows * shape.hiddenSize()];
        this.bIh = new double[rows];
        this.bHh = new double[rows];
    }

    /**
     * Adds one step's share: {@code dInputPre [B, G*H]} is the gradient of {@code x W_ih^T + b_ih},
     * {@code dHiddenPre [B, G*H]} that of {@code h W_hh^T + b_hh}.
     */
    void add(double[] dInputPre, double[] x, double[] dHiddenPre, double[] hPrev) {
        int b = shape.batch();
        Dense.addWeightGradient(wIh, dInputPre, b, rows, x, shape.inputSize());
        Dense.addBiasGradient(bIh, dInputPre, b, rows);
        Dense.addWeightGradient(wHh, dHiddenPre, b, rows, hPrev, shape.hiddenSize());
        Dense.addBiasGradient(bHh, dHiddenPre, b, rows);
    }

    LayerParams toLayerParams() {
        return new LayerParams(wIh, wHh, bIh, bHh);
    }
}
