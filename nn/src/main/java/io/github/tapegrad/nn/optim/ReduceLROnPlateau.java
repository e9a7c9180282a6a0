package io.github.tapegrad.nn.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * torch's ReduceLROnPlateau in mode "min" with a relative threshold: after more than {@code patience} epochs
 * without a metric below best · (1 − threshold), multiply the learning rate by {@code factor} (not below
 * {@code minLr}; a change smaller than {@code eps} is skipped), then wait {@code cooldown} epochs.
 */
public final class ReduceLROnPlateau {
    private final Optimizer optimizer;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final int cooldown;
    private final double minLr;
    private final double eps;
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
        this.optimizer = optimizer;
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.eps = eps;
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

    public Map<String, Double> state() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("best", best);
        out.put("num_bad_epochs", (double) bad);
        out.put("cooldown_counter", (double) cooldownLeft);
        return out;
    }

    public void loadState(Map<String, Double> state) {
        best = state.get("best");
        bad = (int) (double) state.get("num_bad_epochs");
        cooldownLeft = (int) (double) state.get("cooldown_counter");
    }
}
