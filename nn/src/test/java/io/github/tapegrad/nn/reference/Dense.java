package io.github.tapegrad.nn.reference;

/**
 * The row-major affine maps every cell is built from, and their hand-written adjoints. A batch of
 * {@code rows} row vectors {@code in [rows, inSize]} meets a PyTorch weight {@code w [outSize, inSize]}.
 */
final class Dense {

    private Dense() {
    }

    /** {@code in w^T + b}: {@code [rows, outSize]}. */
    static double[] affine(double[] in, int rows, int inSize, double[] w, double[] b, int outSize) {
        double[] out = new double[rows * outSize];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < outSize; o++) {
                double sum = b[o];
                for (int k = 0; k < inSize; k++) {
                    sum += in[r * inSize + k] * w[o * inSize + k];
                }
                out[r * outSize + o] = sum;
            }
        }
        return out;
    }

    /** Gradient of {@code in w^T} with respect to {@code in}: {@code dOut w}, {@code [rows, inSize]}. */
    static double[] inputGradient(double[] dOut, int rows, int outSize, double[] w, int inSize) {
        double[] dIn = new double[rows * inSize];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < outSize; o++) {
                double d = dOut[r * outSize + o];
                for (int k = 0; k < inSize; k++) {
                    dIn[r * inSize + k] += d * w[o * inSize + k];
                }
            }
        }
        return dIn;
    }

    /** Adds the gradient with respect to {@code w}, {@code dOut^T in}, into {@code dW [outSize, inSize]}. */
    static void addWeightGradient(double[] dW, double[] dOut, int rows, int outSize, double[] in, int inSize) {
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < outSize; o++) {
                double d = dOut[r * outSize + o];
                for (int k = 0; k < inSize; k++) {
                    dW[o * inSize + k] += d * in[r * inSize + k];
                }
            }
        }
    }

    /** Adds the gradient with respect to {@code b}, the column sums of {@code dOut}, into {@code db}. */
    static void addBiasGradient(double[] db, double[] dOut, int rows, int outSize) {
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < outSize; o++) {
                db[o] += dOut[r * outSize + o];
            }
        }
    }

    static double sigmoid(double a) {
        return 1 / (1 + Math.exp(-a));
    }
}
