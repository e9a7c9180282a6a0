package io.github.tapegrad.autograd;

import java.util.StringJoiner;

/** The one message format for bad input: {@code op: [2, 3] float32, [4] float32: what is wrong}. */
final class Errors {
    private Errors() {
    }

    static IllegalArgumentException op(String op, String detail, Tensor... operands) {
        StringJoiner j = new StringJoiner(", ");
        for (Tensor t : operands) {
            j.add(t.shape() + " " + t.dtype());
        }
        String who = operands.length == 0 ? "" : " " + j;
        return new IllegalArgumentException(op + ":" + who + ": " + detail);
    }

    /** Both operands must share a dtype; conversion is explicit. */
    static void sameDType(String op, Tensor... ts) {
        for (Tensor t : ts) {
            if (t.dtype() != ts[0].dtype()) {
                throw op(op, "mixed dtypes; convert explicitly with toFloat() or toDouble()", ts);
            }
        }
    }
}
