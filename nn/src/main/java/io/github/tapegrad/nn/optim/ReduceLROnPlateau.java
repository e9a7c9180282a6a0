package io.github.tapegrad.nn.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * torch's ReduceLROnPlateau in mode "min" with a relative threshold: after more than {@code patience} epochs
 * without a metric below best · (1 − threshold), multiply the learning rate by {@code factor} (not below
 * {@code minLr}; a change smaller than {@code eps} is skipped), then wait {@code cooldown} epochs.
 *
 * <p>Its {@link #state()} is the best metric and the two counters; the learning rate it reduced lives in the
 * optimizer (and the optimizer's state), as in torch.
 */
public final class ReduceLROnPlateau implements Scheduler {
    private static final String BEST = "best";
    private static final String BAD = "num_bad_epochs";
    private static final String COOLDOWN_LEFT = "cooldown_counter";

    private final Optimizer optimizer;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final int cooldown;
    private final double minLr;
    private final double eps;
    private final Map<String, Double> config;
    private double best = Double.POSITIVE_INFINITY;
    private int bad;
    private int cooldownLeft;

    /** torch's defaults: factor 0.1, patience 10, threshold 1e-4, cooldown 0, minLr 0, eps 1e-8. */
    public ReduceLROnPlateau(Optimizer optimizer) {
        this(optimizer, 0.1, 10, 1e-4, 0, 0, 1e-8);
    }

    public ReduceLROnPlateau(Optimizer optimizer, double factor, int patience, double threshold, int cooldown,
                             double minLr, double eps) {
        LRScheduler.require(factor > 0 && factor < 1 && patience >= 0 && threshold >= 0 && cooldown >= 0 && minLr >= 0
                && eps >= 0, "ReduceLROnPlateau: need 0 < factor < 1 and non-negative patience, threshold, cooldown, "
                + "minLr, eps");
        this.optimizer = Objects.requireNonNull(optimizer, "ReduceLROnPlateau: optimizer");
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.eps = eps;
        Map<String, Double> c = new LinkedHashMap<>();
        c.put("factor", factor);
        c.put("patience", (double) patience);
        c.put("threshold", threshold);
        c.put("cooldown", (double) cooldown);
        c.put("min_lr", minLr);
        c.put("eps", eps);
        this.config = Collections.unmodifiableMap(c);
    }

    /** One epoch's metric (lower is better). */
    public void step(double metric) {
        if (metric < best * (1 - threshold)) {
            best = metric;
            bad = 0;
        } else {
            bad++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            bad = 0;
        }
        if (bad > patience) {
            double old = optimizer.lr();
            double lr = Math.max(old * factor, minLr);
            if (old - lr > eps) {
                optimizer.setLr(lr);
            }
            cooldownLeft = cooldown;
            bad = 0;
        }
    }

    @Override
    public Optimizer optimizer() {
        return optimizer;
    }

    @Override
    public String kind() {
        return "ReduceLROnPlateau";
    }

    /** factor, patience, threshold, cooldown, min_lr, eps (mode "min" and threshold mode "rel" are fixed). */
    @Override
    public Map<String, Double> config() {
        return config;
    }

    @Override
    public Map<String, Double> state() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(BEST, best);
        out.put(BAD, (double) bad);
        out.put(COOLDOWN_LEFT, (double) cooldownLeft);
        return out;
    }

    /**
     * {@code best} a number (+∞ before the first step), {@code num_bad_epochs} a count up to {@code patience} and
     * {@code cooldown_counter} one up to {@code cooldown}: the values {@link #step} leaves.
     */
    @Override
    public void checkState(Map<String, Double> state) {
        LRScheduler.requireKeys(kind(), state, List.of(BEST, BAD, COOLDOWN_LEFT));
        Double b = state.get(BEST);
        LRScheduler.require(b != null && !b.isNaN(), kind() + ": state " + BEST + " must be a number, got " + b);
        LRScheduler.requireCount(kind(), state, BAD, patience);
        LRScheduler.requireCount(kind(), state, COOLDOWN_LEFT, cooldown);
    }

    @Override
    public void loadState(Map<String, Double> state) {
        checkState(state);
        best = state.get(BEST);
        bad = (int) (double) state.get(BAD);
        cooldownLeft = (int) (double) state.get(COOLDOWN_LEFT);
    }
}
