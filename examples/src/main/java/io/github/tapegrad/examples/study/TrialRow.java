package io.github.tapegrad.examples.study;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One row of the {@code trials} table, as a report or an export reads it. */
public record TrialRow(String key, String task, String cell, int trial, int seedIndex, long seed,
                       Map<String, Double> params, int epochs, String status, double metric, double[] curve,
                       String error, int attempts, String started, String finished, double seconds, String machine,
                       String runner) {

    public boolean complete() {
        return status.equals("complete");
    }

    static Map<String, Double> params(String json) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (JsonText.parse(json, "params") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v instanceof Double d ? d : Double.NaN));
        }
        return out;
    }

    static double[] curve(String json) {
        if (json == null) {
            return new double[0];
        }
        if (!(JsonText.parse(json, "curve") instanceof List<?> l)) {
            return new double[0];
        }
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = l.get(i) instanceof Double d ? d : Double.NaN;
        }
        return out;
    }
}
