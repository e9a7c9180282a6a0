package io.github.tapegrad.nn.check;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Recurrent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** A stack's parameters by layer, under the cell's own names: {@code weight_ih_l1} is layer 1's {@code weight_ih}. */
final class Parameters {

    private Parameters() {
    }

    /** Layer {@code layer}'s parameters with the {@code _l<layer>} suffix stripped, in registration order. */
    static Map<String, Tensor> local(Recurrent net, int layer) {
        String suffix = "_l" + layer;
        Map<String, Tensor> out = new LinkedHashMap<>();
        net.namedParameters().forEach((name, t) -> {
            if (name.endsWith(suffix)) {
                out.put(name.substring(0, name.length() - suffix.length()), t);
            }
        });
        return out;
    }

    /** {@code {weight_ih [8, 3], bias_ih [8]}}, for messages. */
    static String describe(Map<String, Tensor> params) {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        params.forEach((name, t) -> j.add(name + " " + t.shape()));
        return j.toString();
    }
}
