package io.github.tapegrad.nn.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntToDoubleFunction;

/**
 * A learning-rate schedule over an optimizer, as torch.optim.lr_scheduler's: {@link #step()} once per epoch (or
 * per batch for {@link #oneCycle}), after the optimizer's step; it sets the optimizer's learning rate for the next
 * one. The schedules are closed forms of the epoch count (torch computes several by repeated multiplication; they
 * agree to rounding). {@link ReduceLROnPlateau} reads a metric instead. Its state ({@link #state()}) is the epoch
 * count, so a resumed run continues the schedule.
 */
public final class LRScheduler {
    private final String name;
    private final Optimizer optimizer;
    private final double baseLr;
    private final IntToDoubleFunction factor;
    private int epoch;

    private LRScheduler(String name, Optimizer optimizer, IntToDoubleFunction factor) {
        this.name = name;
        this.optimizer = Objects.requireNonNull(optimizer, name + ": optimizer");
        this.baseLr = optimizer.lr();
        this.factor = factor;
        optimizer.setLr(baseLr * factor.applyAsDouble(0));
    }

    /** lr · gamma^⌊epoch / stepSize⌋ (torch's StepLR). */
    public static LRScheduler step(Optimizer optimizer, int stepSize, double gamma) {
        require(stepSize >= 1, "StepLR: stepSize must be >= 1, got " + stepSize);
        return new LRScheduler("StepLR", optimizer, e -> Math.pow(gamma, e / stepSize));
    }

    /** lr · gamma^epoch (torch's ExponentialLR). */
    public static LRScheduler exponential(Optimizer optimizer, double gamma) {
        require(gamma > 0, "ExponentialLR: gamma must be > 0, got " + gamma);
        return new LRScheduler("ExponentialLR", optimizer, e -> Math.pow(gamma, e));
    }

    /** η_min + (lr − η_min)(1 + cos(π · epoch / tMax)) / 2 (torch's CosineAnnealingLR, within its first period). */
    public static LRScheduler cosine(Optimizer optimizer, int tMax, double etaMin) {
        require(tMax >= 1, "CosineAnnealingLR: tMax must be >= 1, got " + tMax);
        double lr = optimizer.lr();
        return new LRScheduler("CosineAnnealingLR", optimizer,
                e -> (etaMin + (lr - etaMin) * (1 + Math.cos(Math.PI * e / tMax)) / 2) / lr);
    }

    /** lr · (start + (end − start) · min(epoch, totalIters) / totalIters): a linear warm-up (torch's LinearLR). */
    public static LRScheduler linear(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        require(startFactor > 0 && startFactor <= 1 && endFactor >= 0 && endFactor <= 1 && totalIters >= 1,
                "LinearLR: need 0 < startFactor <= 1, 0 <= endFactor <= 1, totalIters >= 1, got " + startFactor + ", "
                        + endFactor + ", " + totalIters);
        return new LRScheduler("LinearLR", optimizer,
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
        return new LRScheduler("OneCycleLR", optimizer, e -> {
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
        epoch++;
        optimizer.setLr(baseLr * factor.applyAsDouble(epoch));
    }

    public int epoch() {
        return epoch;
    }

    /** The epoch count, for a checkpoint. */
    public Map<String, Double> state() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("last_epoch", (double) epoch);
        return out;
    }

    /** Continues from {@link #state()}: the same epoch count and learning rate. */
    public void loadState(Map<String, Double> state) {
        Double e = state.get("last_epoch");
        require(e != null && e >= 0 && e == Math.rint(e), name + ".loadState: last_epoch must be a count, got " + e);
        epoch = (int) (double) e;
        optimizer.setLr(baseLr * factor.applyAsDouble(epoch));
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
