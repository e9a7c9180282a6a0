package io.github.tapegrad.examples.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a study runs: cells × tasks × {@code trials} hyperparameter samples × {@code seeds} seeds, each trained
 * {@code epochs} epochs (Greff et al.'s random search, with the seeds repeated per sample), or fewer when a trial
 * has run {@code trialSeconds} of wall time (0: no time budget).
 *
 * <p>Sample {@code t} of a task is drawn from the task's space (its {@link StudyTask#defaultSpace()}, with the
 * spec's {@code space} entries replacing or adding by name) by a generator seeded with (study seed, task, t): the
 * same for every cell, so cells are compared at the same hyperparameters (a paired design), and independent of
 * how many trials or cells the spec names. Seed {@code s} is derived from (study seed, s), the same for every
 * cell, task and sample.
 */
public record StudySpec(String name, List<String> cells, List<String> tasks, int trials, int seeds, int epochs,
                        Map<String, Distribution> space, long seed, double trialSeconds) {

    /** A spec with no time budget: every trial trains {@code epochs} epochs. */
    public StudySpec(String name, List<String> cells, List<String> tasks, int trials, int seeds, int epochs,
                     Map<String, Distribution> space, long seed) {
        this(name, cells, tasks, trials, seeds, epochs, space, seed, 0);
    }

    public StudySpec {
        if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("study name must be letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        cells = List.copyOf(cells);
        tasks = List.copyOf(tasks);
        requireDistinct("cells", cells);
        requireDistinct("tasks", tasks);
        if (trials < 1 || seeds < 1 || epochs < 1) {
            throw new IllegalArgumentException("trials, seeds and epochs must be >= 1, got trials=" + trials + ", seeds="
                    + seeds + ", epochs=" + epochs);
        }
        if ((long) cells.size() * tasks.size() * trials * seeds > 1_000_000) {
            throw new IllegalArgumentException("a study of " + (long) cells.size() * tasks.size() * trials * seeds
                    + " trials is more than 1,000,000");
        }
        if (seed < 0 || seed >= 1L << 53) {
            throw new IllegalArgumentException("the study seed must be in [0, 2^53), got " + seed);
        }
        if (!(trialSeconds >= 0) || Double.isInfinite(trialSeconds)) {
            throw new IllegalArgumentException("the time budget per trial must be a number of seconds > 0 (or 0 for none), "
                    + "got " + trialSeconds);
        }
        space = new TreeMap<>(space);
    }

    private static void requireDistinct(String what, List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a study needs at least one of " + what);
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException(what + " repeat: " + names);
        }
    }

    /** The space a task's samples are drawn from, by name in sorted order. */
    public Map<String, Distribution> spaceFor(StudyTask task) {
        Map<String, Distribution> out = new TreeMap<>(task.defaultSpace());
        out.putAll(space);
        return out;
    }

    /** Hyperparameter sample {@code trial} of {@code task}. */
    public Map<String, Double> sample(StudyTask task, int trial) {
        SplittableRandom rng = new SplittableRandom(mix(seed, task.name().hashCode(), trial));
        Map<String, Double> out = new LinkedHashMap<>();
        spaceFor(task).forEach((k, d) -> out.put(k, d.sample(rng)));
        return out;
    }

    /** The seed of seed index {@code s}. */
    public long seedOf(int s) {
        return mix(seed, 0x5EED, s);
    }

    /**
     * Every trial, in the order a runner takes them: sample by sample, and within a sample every seed, task and
     * cell, so a study stopped early holds whole samples for every cell.
     */
    public List<Trial> allTrials(Function<String, StudyTask> tasksByName) {
        List<Trial> out = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            for (int s = 0; s < seeds; s++) {
                for (String taskName : tasks) {
                    StudyTask task = tasksByName.apply(taskName);
                    Map<String, Double> params = sample(task, t);
                    for (String cell : cells) {
                        out.add(new Trial(Trial.keyOf(taskName, cell, t, s), taskName, cell, t, s, seedOf(s), params,
                                epochs, trialSeconds));
                    }
                }
            }
        }
        return out;
    }

    public int trialCount() {
        return cells.size() * tasks.size() * trials * seeds;
    }

    /** The canonical JSON (what the database keeps and compares on resume). */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("cells", new ArrayList<Object>(cells));
        m.put("tasks", new ArrayList<Object>(tasks));
        m.put("trials", trials);
        m.put("seeds", seeds);
        m.put("epochs", epochs);
        Map<String, Object> s = new LinkedHashMap<>();
        space.forEach((k, d) -> s.put(k, d.json()));
        m.put("space", s);
        m.put("seed", (double) seed);
        if (trialSeconds > 0) {
            m.put("trialSeconds", trialSeconds); // absent when 0: a spec written before the budget existed reads the same
        }
        return JsonText.write(m);
    }

    /**
     * Reads a spec file: {@code {"name": ..., "cells": [...], "tasks": [...], "trials": n, "seeds": n,
     * "epochs": n, "space": {"lr": {"loguniform": [1e-4, 0.1]}}, "seed": n, "trialSeconds": s}}; name, space, seed
     * and trialSeconds are optional.
     */
    public static StudySpec fromJson(String text, String source) {
        Object parsed = JsonText.parse(text, source);
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(source + ": a study spec is a JSON object");
        }
        for (Object key : m.keySet()) {
            if (!List.of("name", "cells", "tasks", "trials", "seeds", "epochs", "space", "seed", "trialSeconds")
                    .contains(key)) {
                throw new IllegalArgumentException(source + ": unknown member \"" + key + "\" (name, cells, tasks, "
                        + "trials, seeds, epochs, space, seed, trialSeconds)");
            }
        }
        Map<String, Distribution> space = new LinkedHashMap<>();
        Object s = m.get("space");
        if (s != null) {
            if (!(s instanceof Map<?, ?> sm)) {
                throw new IllegalArgumentException(source + ": \"space\" is an object of distributions");
            }
            sm.forEach((k, v) -> space.put(String.valueOf(k), Distribution.fromJson(v, source + ": space." + k)));
        }
        return new StudySpec(m.containsKey("name") ? string(m, "name", source) : "study", strings(m, "cells", source),
                strings(m, "tasks", source), integer(m, "trials", source), integer(m, "seeds", source),
                integer(m, "epochs", source), space, m.containsKey("seed") ? (long) number(m, "seed", source) : 0,
                m.containsKey("trialSeconds") ? positive(m, "trialSeconds", source) : 0);
    }

    private static String string(Map<?, ?> m, String key, String source) {
        if (!(m.get(key) instanceof String v)) {
            throw new IllegalArgumentException(source + ": \"" + key + "\" must be a string");
        }
        return v;
    }

    private static List<String> strings(Map<?, ?> m, String key, String source) {
        if (!(m.get(key) instanceof List<?> l) || !l.stream().allMatch(v -> v instanceof String)) {
            throw new IllegalArgumentException(source + ": \"" + key + "\" must be a list of names");
        }
        List<String> out = new ArrayList<>();
        l.forEach(v -> out.add((String) v));
        return out;
    }

    private static double number(Map<?, ?> m, String key, String source) {
        if (!(m.get(key) instanceof Double v)) {
            throw new IllegalArgumentException(source + ": \"" + key + "\" must be a number");
        }
        return v;
    }

    private static double positive(Map<?, ?> m, String key, String source) {
        double v = number(m, key, source);
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(source + ": \"" + key + "\" must be a number of seconds > 0, got " + v);
        }
        return v;
    }

    private static int integer(Map<?, ?> m, String key, String source) {
        double v = number(m, key, source);
        if (v != Math.rint(v) || v < 1 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(source + ": \"" + key + "\" must be a whole number >= 1, got " + v);
        }
        return (int) v;
    }

    /** A 64-bit mix of three values (SplitMix64's finalizer over a combination), for derived seeds. */
    static long mix(long a, long b, long c) {
        long z = a * 0x9E3779B97F4A7C15L + b * 0xC2B2AE3D27D4EB4FL + c * 0x165667B19E3779F9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
