package io.github.tapegrad.nn.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.IntToDoubleFunction;

/**
 * A learning-rate schedule over an optimizer, as torch.optim.lr_scheduler's: {@link #step()} once per epoch (or
 * per batch for {@link #oneCycle}), after the optimizer's step; it sets the optimizer's learning rate for the next
 * one. The schedules are closed forms of the epoch count (torch computes several by repeated multiplication; they
 * agree to rounding). {@link ReduceLROnPlateau} reads a metric instead. Its state ({@link #state()}) is the epoch
 * count, so a resumed run continues the schedule; its {@link #config()} is the optimizer's learning rate when the
 * schedule was built ({@code base_lr}, torch's {@code base_lrs}) and the factory's arguments.
 */
public final class LRScheduler implements Scheduler {
    private static final String LAST_EPOCH = "last_epoch";

    private final String name;
    private final Optimizer optimizer;
    private final double baseLr;
    private final Map<String, Double> config;
    private final int maxEpoch;
    private final IntToDoubleFunction factor;
    private int epoch;

    /** @param settings the factory's arguments by torch's names; {@code maxEpoch} the most steps it allows */
    private LRScheduler(String name, Optimizer optimizer, Map<String, Double> settings, int maxEpoch,
                        IntToDoubleFunction factor) {
        this.name = name;
        this.optimizer = Objects.requireNonNull(optimizer, name + ": optimizer");
        this.baseLr = optimizer.lr();
        Map<String, Double> c = new LinkedHashMap<>();
        c.put("base_lr", baseLr);
        c.putAll(settings);
        this.config = Collections.unmodifiableMap(c);
        this.maxEpoch = maxEpoch;
        this.factor = factor;
        optimizer.setLr(baseLr * factor.applyAsDouble(0));
    }

    private LRScheduler(String name, Optimizer optimizer, Map<String, Double> settings, IntToDoubleFunction factor) {
        this(name, optimizer, settings, Integer.MAX_VALUE, factor);
    }

    private static Map<String, Double> settings(Object... namesAndValues) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.put((String) namesAndValues[i], ((Number) namesAndValues[i + 1]).doubleValue());
        }
        return out;
    }

    /** lr · gamma^⌊epoch / stepSize⌋ (torch's StepLR). */
    public static LRScheduler step(Optimizer optimizer, int stepSize, double gamma) {
        require(stepSize >= 1, "StepLR: stepSize must be >= 1, got " + stepSize);
        return new LRScheduler("StepLR", optimizer, settings("step_size", stepSize, "gamma", gamma),
                e -> Math.pow(gamma, e / stepSize));
    }

    /** lr · gamma^epoch (torch's ExponentialLR). */
    public static LRScheduler exponential(Optimizer optimizer, double gamma) {
        require(gamma > 0, "ExponentialLR: gamma must be > 0, got " + gamma);
        return new LRScheduler("ExponentialLR", optimizer, settings("gamma", gamma), e -> Math.pow(gamma, e));
    }

    /** η_min + (lr − η_min)(1 + cos(π · epoch / tMax)) / 2 (torch's CosineAnnealingLR, within its first period). */
    public static LRScheduler cosine(Optimizer optimizer, int tMax, double etaMin) {
        require(tMax >= 1, "CosineAnnealingLR: tMax must be >= 1, got " + tMax);
        double lr = optimizer.lr();
        return new LRScheduler("CosineAnnealingLR", optimizer, settings("T_max", tMax, "eta_min", etaMin),
                e -> (etaMin + (lr - etaMin) * (1 + Math.cos(Math.PI * e / tMax)) / 2) / lr);
    }

    /** lr · (start + (end − start) · min(epoch, totalIters) / totalIters): a linear warm-up (torch's LinearLR). */
    public static LRScheduler linear(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        require(startFactor > 0 && startFactor <= 1 && endFactor >= 0 && endFactor <= 1 && totalIters >= 1,
                "LinearLR: need 0 < startFactor <= 1, 0 <= endFactor <= 1, totalIters >= 1, got " + startFactor + ", "
                        + endFactor + ", " + totalIters);
        return new LRScheduler("LinearLR", optimizer,
                settings("start_factor", startFactor, "end_factor", endFactor, "total_iters", totalIters),
                e -> startFactor + (endFactor - startFactor) * Math.min(e, totalIters) / totalIters);
    }

    /**
     * torch's OneCycleLR (Smith and Topin 2019) without momentum cycling: from maxLr / divFactor up to maxLr over the
     * first pctStart of totalSteps, then down to that / finalDivFactor, both by cosine annealing. The optimizer's lr
     * is replaced; step it once per batch.
     */
    public static LRScheduler oneCycle(Optimizer optimizer, double maxLr, int totalSteps, double pctStart,
                                       double divFactor, double finalDivFactor) {
        require(totalSteps >= 2 && pctStart > 0 && pctStart < 1 && maxLr > 0 && divFactor > 0 && finalDivFactor > 0,
                "OneCycleLR: need totalSteps >= 2, 0 < pctStart < 1 and positive maxLr and factors");
        double initial = maxLr / divFactor;
        double min = initial / finalDivFactor;
        double upEnd = pctStart * totalSteps - 1;
        double downEnd = totalSteps - 1;
        optimizer.setLr(initial);
        Map<String, Double> settings = settings("max_lr", maxLr, "total_steps", totalSteps, "pct_start", pctStart,
                "div_factor", divFactor, "final_div_factor", finalDivFactor);
        return new LRScheduler("OneCycleLR", optimizer, settings, totalSteps, e -> {
            if (e > totalSteps) { // torch allows stepping to totalSteps, not past
                throw new IllegalStateException("OneCycleLR: stepped " + e + " times, more than totalSteps "
                        + totalSteps);
            }
            double lr = e <= upEnd ? cosineAnneal(initial, maxLr, e / upEnd)
                    : cosineAnneal(maxLr, min, (e - upEnd) / (downEnd - upEnd));
            return lr / initial;
        });
    }

    private static double cosineAnneal(double start, double end, double pct) {
        return end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1);
    }

    /** Advances one epoch and sets the optimizer's learning rate. */
    public void step() {
        double lr = baseLr * factor.applyAsDouble(epoch + 1); // a refused step (OneCycleLR's last) changes nothing
        epoch++;
        optimizer.setLr(lr);
    }

    public int epoch() {
        return epoch;
    }

    @Override
    public Optimizer optimizer() {
        return optimizer;
    }

    @Override
    public String kind() {
        return name;
    }

    @Override
    public Map<String, Double> config() {
        return config;
    }

    /** The epoch count, for a checkpoint. */
    @Override
    public Map<String, Double> state() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(LAST_EPOCH, (double) epoch);
        return out;
    }

    /** {@code last_epoch} alone, a count (at most {@code total_steps} for OneCycleLR). */
    @Override
    public void checkState(Map<String, Double> state) {
        requireKeys(name, state, List.of(LAST_EPOCH));
        requireCount(name, state, LAST_EPOCH, maxEpoch);
    }

    /** Continues from {@link #state()}: the same epoch count and learning rate. */
    @Override
    public void loadState(Map<String, Double> state) {
        checkState(state);
        epoch = (int) (double) state.get(LAST_EPOCH);
        optimizer.setLr(baseLr * factor.applyAsDouble(epoch));
    }

    /** Refuses a state whose keys are not exactly {@code keys}, naming the missing and unexpected ones. */
    static void requireKeys(String who, Map<String, Double> state, List<String> keys) {
        Objects.requireNonNull(state, who + ": state");
        List<String> problems = new ArrayList<>();
        List<String> missing = keys.stream().filter(k -> !state.containsKey(k)).toList();
        if (!missing.isEmpty()) {
            problems.add("missing " + missing);
        }
        TreeSet<String> unexpected = new TreeSet<>(state.keySet());
        keys.forEach(unexpected::remove);
        if (!unexpected.isEmpty()) {
            problems.add("unexpected " + unexpected);
        }
        require(problems.isEmpty(), who + ": state keys must be " + keys + ", got " + String.join(", ", problems));
    }

    /** Refuses {@code state.get(key)} unless it is an integer in [0, max]. */
    static void requireCount(String who, Map<String, Double> state, String key, int max) {
        Double v = state.get(key);
        require(v != null && v >= 0 && v <= max && v == Math.rint(v), who + ": state " + key
                + " must be an integer count" + (max == Integer.MAX_VALUE ? "" : " from 0 to " + max) + ", got " + v);
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    @Override
    public String toString() {
        return name + "(epoch " + epoch + ", lr " + optimizer.lr() + ")";
    }
}
