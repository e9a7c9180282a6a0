package io.github.tapegrad.autograd.kernels;

/** Elementwise kernels of one array, float and double; {@code out} may be {@code x}. */
public final class Unary {
    private Unary() {
    }

    public static void apply(UnaryOp op, float[] x, float[] out, double p, double q) {
        Activations fast = Activations.VECTOR;
        if (fast != null) { // every length: an element's value must not depend on the array it sits in
            switch (op) {
                case EXP -> { fast.exp(x, out); return; }
                case TANH -> { fast.tanh(x, out); return; }
                case SIGMOID -> { fast.sigmoid(x, out); return; }
                default -> { }
            }
        }
        int n = x.length;
        float pf = (float) p;
        float qf = (float) q;
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) out[i] = -x[i]; }
            case EXP -> { for (int i = 0; i < n; i++) out[i] = (float) Math.exp(x[i]); }
            case LOG -> { for (int i = 0; i < n; i++) out[i] = (float) Math.log(x[i]); }
            case SQRT -> { for (int i = 0; i < n; i++) out[i] = (float) Math.sqrt(x[i]); }
            case TANH -> { for (int i = 0; i < n; i++) out[i] = tanh(x[i]); }
            case SIGMOID -> { for (int i = 0; i < n; i++) out[i] = (float) (1.0 / (1.0 + Math.exp(-x[i]))); }
            case RELU -> { for (int i = 0; i < n; i++) out[i] = x[i] > 0 ? x[i] : 0f; }
            case ABS -> { for (int i = 0; i < n; i++) out[i] = Math.abs(x[i]); }
            case SIGN -> { for (int i = 0; i < n; i++) out[i] = Math.signum(x[i]); }
            case STEP -> { for (int i = 0; i < n; i++) out[i] = x[i] > 0 ? 1f : 0f; }
            case POW -> { for (int i = 0; i < n; i++) out[i] = (float) Math.pow(x[i], p); }
            case CLAMP -> { for (int i = 0; i < n; i++) out[i] = Math.min(Math.max(x[i], pf), qf); }
            case IN_RANGE -> { for (int i = 0; i < n; i++) out[i] = x[i] >= pf && x[i] <= qf ? 1f : 0f; }
            default -> throw new IllegalStateException(op.name());
        }
    }

    public static void apply(UnaryOp op, double[] x, double[] out, double p, double q) {
        int n = x.length;
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) out[i] = -x[i]; }
            case EXP -> { for (int i = 0; i < n; i++) out[i] = Math.exp(x[i]); }
            case LOG -> { for (int i = 0; i < n; i++) out[i] = Math.log(x[i]); }
            case SQRT -> { for (int i = 0; i < n; i++) out[i] = Math.sqrt(x[i]); }
            case TANH -> { for (int i = 0; i < n; i++) out[i] = Math.tanh(x[i]); }
            case SIGMOID -> { for (int i = 0; i < n; i++) out[i] = sigmoid(x[i]); }
            case RELU -> { for (int i = 0; i < n; i++) out[i] = x[i] > 0 ? x[i] : 0.0; }
            case ABS -> { for (int i = 0; i < n; i++) out[i] = Math.abs(x[i]); }
            case SIGN -> { for (int i = 0; i < n; i++) out[i] = Math.signum(x[i]); }
            case STEP -> { for (int i = 0; i < n; i++) out[i] = x[i] > 0 ? 1.0 : 0.0; }
            case POW -> { for (int i = 0; i < n; i++) out[i] = Math.pow(x[i], p); }
            case CLAMP -> { for (int i = 0; i < n; i++) out[i] = Math.min(Math.max(x[i], p), q); }
            case IN_RANGE -> { for (int i = 0; i < n; i++) out[i] = x[i] >= p && x[i] <= q ? 1.0 : 0.0; }
            default -> throw new IllegalStateException(op.name());
        }
    }

    /** tanh in float precision from one exp (Math.tanh is not an intrinsic on JDK 17 and is slow). */
    public static float tanh(float x) {
        if (Math.abs(x) < 0.02f) {
            // the exp form cancels near 0; the series is exact to float precision here
            return x * (1f - x * x / 3f);
        }
        return (float) (1.0 - 2.0 / (Math.exp(2.0 * x) + 1.0));
    }

    /** The logistic function, stable for large |x| in both directions. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }
}
