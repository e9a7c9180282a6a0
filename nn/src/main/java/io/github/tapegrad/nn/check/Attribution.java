package io.github.tapegrad.nn.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a gradient mismatch lies: the tensors that differ, the gate blocks of each packed weight that
 * differ (e.g. {@code weight_ih_l0 -> [g]}), and the earliest time step t at which the input gradient
 * dx_t diverges (-1 when x's gradient agrees or was not compared). A wrong derivative of one gate shows
 * as that gate's block alone; a wrong recurrence shows as dx diverging at early steps but not the last.
 */
public record Attribution(List<String> tensors, Map<String, List<String>> gates, int earliestInputStep) {

    /** The name of the input-sequence gradient whose first dimension is time. */
    public static final String INPUT = "x";

    public Attribution {
        tensors = List.copyOf(tensors);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        gates.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        gates = java.util.Collections.unmodifiableMap(copy);
    }

    static Attribution of(GradientDiff diff) {
        List<String> names = new ArrayList<>();
        Map<String, List<String>> gates = new LinkedHashMap<>();
        int step = -1;
        for (TensorDiff d : diff.mismatched()) {
            names.add(d.name());
            if (!d.gates().isEmpty()) {
                gates.put(d.name(), d.gates());
            }
            if (d.name().equals(INPUT)) {
                step = d.earliestStep();
            }
        }
        return new Attribution(names, gates, step);
    }

    @Override
    public String toString() {
        if (tensors.isEmpty()) {
            return "no tensor differs";
        }
        StringBuilder sb = new StringBuilder("differ: ");
        for (int k = 0; k < tensors.size(); k++) {
            String name = tensors.get(k);
            sb.append(k == 0 ? "" : ", ").append(name);
            if (gates.containsKey(name)) {
                sb.append(" (gate blocks ").append(String.join(", ", gates.get(name))).append(')');
            }
        }
        sb.append(earliestInputStep < 0 ? "; dx agrees at every step"
                : "; dx first diverges at time step t=" + earliestInputStep);
        return sb.toString();
    }
}
