package io.github.tapegrad.autograd;

/** {@link Tensor#toString()}: values (the first and last three along each dimension), shape, dtype, origin. */
final class TensorFormat {
    private TensorFormat() {
    }

    private static final int EDGE = 3;

    static String format(Tensor t) {
        StringBuilder sb = new StringBuilder("tensor(");
        int[] dims = t.shape().toArray();
        if (dims.length == 0) {
            sb.append(number(t.get(0)));
        } else {
            preview(t, sb, 0, 0, dims);
        }
        sb.append(", shape=").append(t.shape()).append(", dtype=").append(t.dtype());
        if (t.node() != null) {
            sb.append(", op=").append(t.node().op);
        } else if (t.requiresGrad()) {
            sb.append(", requiresGrad");
        }
        return sb.append(')').toString();
    }

    private static void preview(Tensor t, StringBuilder sb, int axis, int offset, int[] dims) {
        int n = dims[axis];
        int stride = t.shape().numel(axis + 1, dims.length);
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (n > 2 * EDGE && i == EDGE) {
                sb.append("..., ");
                i = n - EDGE;
            }
            if (axis == dims.length - 1) {
                sb.append(number(t.get(offset + i)));
            } else {
                preview(t, sb, axis + 1, offset + i * stride, dims);
            }
            if (i < n - 1) {
                sb.append(", ");
            }
        }
        sb.append(']');
    }

    private static String number(double v) {
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }
}
