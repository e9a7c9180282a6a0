package io.github.tapegrad.examples.study;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One training run of a study: a task, a cell, the hyperparameter sample number {@code trial} (its values in
 * {@code params}) and a seed. Deterministic: the same trial gives the same bits wherever it runs (one thread or
 * several, locally or in a Spark task), since tapegrad's kernels give the same bits for any thread count.
 *
 * With a time budget ({@code maxSeconds} > 0) the trial stops after the first epoch that ends past it: each
 * epoch's metric is still the same bits everywhere, but how many epochs fit depends on the machine.
 *
 * @param key unique in its study: {@code task/cell/t<trial>/s<seedIndex>}
 * @param seed the seed of the model's initialization, the data and its order
 * @param epochs the most epochs it trains
 * @param maxSeconds its time budget in wall seconds, 0 for none
 */
public record Trial(String key, String task, String cell, int trial, int seedIndex, long seed,
                    Map<String, Double> params, int epochs, double maxSeconds) {
    public Trial {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** A trial with no time budget. */
    public Trial(String key, String task, String cell, int trial, int seedIndex, long seed, Map<String, Double> params,
                 int epochs) {
        this(key, task, cell, trial, seedIndex, seed, params, epochs, 0);
    }

    static String keyOf(String task, String cell, int trial, int seedIndex) {
        return task + "/" + cell + "/t" + trial + "/s" + seedIndex;
    }

    /** A hyperparameter, refused by name when the trial has none of it. */
    public double param(String name) {
        Double v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("trial " + key + " has no hyperparameter '" + name + "' (it has "
                    + params.keySet() + ")");
        }
        return v;
    }

    /** A hyperparameter, or {@code fallback} when the space does not name it. */
    public double param(String name, double fallback) {
        return params.getOrDefault(name, fallback);
    }

    /** A whole-number hyperparameter (a size): its value rounded. */
    public int intParam(String name, int fallback) {
        return (int) Math.round(param(name, fallback));
    }
}
