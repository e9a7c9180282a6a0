package io.github.tapegrad.examples.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one implementation computed in its first step from the shared {@link BenchData}: the loss, every
 * gradient (by parameter or input name) and, for config A, every parameter's update θ' − θ. Values are copies
 * widened to double. A quantity may carry its own scale for the relative error (a sum of outputs can cancel to
 * near zero, so its error is measured against the sum of magnitudes).
 */
final class Snapshot {

    /** One named quantity; {@code scale} &gt; 0 replaces the reference's L2 norm as the denominator. */
    record Quantity(String name, double[] values, double scale) {
        Quantity {
            values = values.clone();
        }
    }

    private final Map<String, Quantity> quantities = new LinkedHashMap<>();

    Snapshot put(String name, double[] values) {
        return put(name, values, 0);
    }

    Snapshot put(String name, float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return put(name, d, 0);
    }

    Snapshot put(String name, double[] values, double scale) {
        if (quantities.containsKey(name)) {
            throw new IllegalStateException("Snapshot: " + name + " recorded twice");
        }
        quantities.put(name, new Quantity(name, values, scale));
        return this;
    }

    Quantity get(String name) {
        return quantities.get(name);
    }

    List<String> names() {
        return new ArrayList<>(quantities.keySet());
    }

    /** A copy with {@code delta} added to element {@code index} of {@code name} (tests: a deliberately wrong answer). */
    Snapshot perturbed(String name, int index, double delta) {
        Snapshot out = new Snapshot();
        for (Quantity q : quantities.values()) {
            double[] v = q.values().clone();
            if (q.name().equals(name)) {
                v[index] += delta;
            }
            out.put(q.name(), v, q.scale());
        }
        if (!quantities.containsKey(name)) {
            throw new IllegalArgumentException("Snapshot.perturbed: no quantity " + name + " in " + names());
        }
        return out;
    }
}
