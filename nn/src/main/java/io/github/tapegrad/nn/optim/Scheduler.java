package io.github.tapegrad.nn.optim;

import java.util.Map;

/**
 * A learning-rate scheduler whose position can be saved and resumed, as torch's {@code scheduler.state_dict()}
 * beside the optimizer's: {@link LRScheduler} and {@link ReduceLROnPlateau}. What torch keeps in one dict is split
 * in two here: what was fixed when the scheduler was built ({@link #kind()} and {@link #config()}), which a resumed
 * run must rebuild the same, and what changes as it steps ({@link #state()}), which it restores.
 * {@link io.github.tapegrad.nn.checkpoint.Checkpoint} stores all three and loads a state only into a scheduler of
 * the same kind and config.
 */
public interface Scheduler {
    /** The optimizer whose learning rate it sets. */
    Optimizer optimizer();

    /**
     * torch's class name for it: {@code StepLR}, {@code ExponentialLR}, {@code CosineAnnealingLR}, {@code LinearLR},
     * {@code OneCycleLR} or {@code ReduceLROnPlateau}.
     */
    String kind();

    /**
     * The settings fixed at construction, under torch's attribute names ({@code base_lr}, {@code step_size},
     * {@code gamma}, ..., {@code patience}, {@code cooldown}, ...), in a fixed order. Two schedulers of the same kind
     * and config set the same learning rates from the same state.
     */
    Map<String, Double> config();

    /** What changes as it steps: {@code last_epoch}; for ReduceLROnPlateau its best metric and counters. */
    Map<String, Double> state();

    /**
     * Checks that {@code state} is one this scheduler can continue from: exactly the keys of {@link #state()},
     * counts that are non-negative integers within this config's bounds. Changes nothing.
     *
     * @throws IllegalArgumentException naming the scheduler and the key that does not fit
     */
    void checkState(Map<String, Double> state);

    /**
     * Continues from {@code state}, after {@link #checkState} (a refused state changes nothing). An
     * {@link LRScheduler} also sets the optimizer's learning rate to its schedule's at that epoch.
     *
     * @throws IllegalArgumentException as {@link #checkState}
     */
    void loadState(Map<String, Double> state);
}
