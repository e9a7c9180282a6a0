package io.github.tapegrad.nn.reference;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gradients of the loss: every parameter keyed by PyTorch name ({@code weight_ih_l0}, {@code weight_hh_l0},
 * {@code bias_ih_l0}, {@code bias_hh_l0}, {@code weight_ih_l0_reverse} when bidirectional, ...),
 * {@code x [T, B, I]}, {@code h0 [layers*D, B, H]} and {@code c0 [layers*D, B, H]} (null unless LSTM).
 * Copied in and out.
 */
public record ReferenceGradients(Map<String, double[]> params, double[] x, double[] h0, double[] c0) {

    public ReferenceGradients {
        params = deepCopy(params);
        x = x.clone();
        h0 = h0.clone();
        c0 = c0 == null ? null : c0.clone();
    }

    @Override
    public Map<String, double[]> params() {
        return deepCopy(params);
    }

    /** One parameter's gradient by PyTorch name. */
    public double[] param(String name) {
        double[] values = params.get(name);
        if (values == null) {
            throw new IllegalArgumentException("ReferenceGradients.param: no parameter " + name + " in " + params.keySet());
        }
        return values.clone();
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] h0() {
        return h0.clone();
    }

    @Override
    public double[] c0() {
        return c0 == null ? null : c0.clone();
    }

    /** Every gradient in one map: the parameters by name, then "x", "h0" and (LSTM) "c0". */
    public Map<String, double[]> all() {
        Map<String, double[]> all = new LinkedHashMap<>(deepCopy(params));
        all.put("x", x.clone());
        all.put("h0", h0.clone());
        if (c0 != null) {
            all.put("c0", c0.clone());
        }
        return all;
    }

    private static Map<String, double[]> deepCopy(Map<String, double[]> source) {
        Map<String, double[]> copy = new LinkedHashMap<>();
        source.forEach((name, values) -> copy.put(name, values.clone()));
        return Collections.unmodifiableMap(copy);
    }
}
