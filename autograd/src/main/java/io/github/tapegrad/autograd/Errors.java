package io.github.tapegrad.autograd;

import java.util.StringJoiner;

/**
 * The one message format for bad input: {@code op: [2, 3] float32, [4] float32: what is wrong} (an absent optional
 * operand, such as a missing bias, reads {@code null}).
 */
final class Errors {
    private Errors() {
    }

    static IllegalArgumentException op(String op, String detail, Tensor... operands) {
        StringJoiner j = new StringJoiner(", ");
        for (Tensor t : operands) {
            j.add(t == null ? "null" : t.shape() + " " + t.dtype());
        }
        String who = operands.length == 0 ? "" : " " + j;
        return new IllegalArgumentException(op + ":" + who + ": " + detail);
    }

    /** The operands must share a dtype (absent ones are skipped); conversion is explicit. */
    static void sameDType(String op, Tensor... ts) {
        DType first = null;
        for (Tensor t : ts) {
            if (t == null) {
                continue;
            }
            if (first == null) {
                first = t.dtype();
            } else if (t.dtype() != first) {
                throw op(op, "mixed dtypes; convert explicitly with toFloat() or toDouble()", ts);
            }
        }
    }
}
