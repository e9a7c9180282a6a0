package io.github.tapegrad.nn.check;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Recurrent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** A stack's parameters by cell, under the cell's own names: {@code weight_ih_l1} is layer 1's {@code weight_ih}. */
final class Parameters {

    private Parameters() {
    }

    /**
     * Cell {@code cell}'s parameters ({@link Recurrent#cell}: the layer's, or layer·2 + direction when
     * bidirectional) under the cell's own names, in registration order.
     */
    static Map<String, Tensor> local(Recurrent net, int cell) {
        return new LinkedHashMap<>(net.cell(cell).namedParameters());
    }

    /** The suffix the stack gives cell {@code cell}'s parameters: {@code _l1}, or {@code _l0_reverse}. */
    static String suffix(Recurrent net, int cell) {
        return net.bidirectional() ? "_l" + cell / 2 + (cell % 2 == 1 ? "_reverse" : "") : "_l" + cell;
    }

    /** {@code {weight_ih [8, 3], bias_ih [8]}}, for messages. */
    static String describe(Map<String, Tensor> params) {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        params.forEach((name, t) -> j.add(name + " " + t.shape()));
        return j.toString();
    }
}
