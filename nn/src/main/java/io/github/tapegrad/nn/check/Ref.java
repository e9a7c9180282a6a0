package io.github.tapegrad.nn.check;

/** Small helpers for writing a {@link CellReference} on plain doubles. */
public final class Ref {

    private Ref() {
    }

    /** σ(z) = 1 / (1 + e^-z). */
    public static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** Σ_j row[j]·x[j]; throws when the lengths differ. */
    public static double dot(double[] row, double[] x) {
        if (row.length != x.length) {
            throw new IllegalArgumentException("Ref.dot: row of length " + row.length + " and x of length " + x.length);
        }
        double s = 0;
        for (int j = 0; j < row.length; j++) {
            s += row[j] * x[j];
        }
        return s;
    }

    /** Row {@code row} of w·x + b: {@code dot(w[row], x) + b[row]}. */
    public static double affine(double[][] w, double[] b, int row, double[] x) {
        return dot(w[row], x) + b[row];
    }

    /** The row of unit {@code unit} of gate block {@code gate} in a packed weight: {@code gate * hiddenSize + unit}. */
    public static int row(int gate, int unit, int hiddenSize) {
        if (unit < 0 || unit >= hiddenSize || gate < 0) {
            throw new IllegalArgumentException("Ref.row: gate " + gate + ", unit " + unit + " out of range for hiddenSize "
                    + hiddenSize);
        }
        return gate * hiddenSize + unit;
    }
}
