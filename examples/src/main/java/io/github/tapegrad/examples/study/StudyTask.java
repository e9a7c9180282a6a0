package io.github.tapegrad.examples.study;

import io.github.tapegrad.nn.Module;
import io.github.tapegrad.nn.init.Init;

import java.util.Map;

/**
 * A task a study trains cells on: it builds the data and the model from a {@link Trial} (cell name,
 * hyperparameters, seed, epochs), trains, and reports a validation metric after every epoch. A run must be
 * deterministic in the trial (same bits for the same trial, whatever thread runs it and however many kernel
 * threads there are) and must not print.
 */
public interface StudyTask {
    /** The name used in specs and reports, e.g. {@code sine}. */
    String name();

    /** What the metric is, e.g. {@code validation MSE}. */
    String metric();

    /** True when a lower metric is better (a loss, a perplexity); false for an accuracy. */
    boolean minimize();

    /** The hyperparameters the task reads and where a search draws them unless the spec says otherwise. */
    Map<String, Distribution> defaultSpace();

    /**
     * A hyperparameter every task reads when the spec's space names it (no task's default space does): added to
     * the forget gate's bias at initialization in every cell with a gate named {@code f} (Gers et al. 2000,
     * Jozefowicz et al. 2015 use 1); cells without one (GRU, NFG, CIFG) are unchanged.
     */
    String FORGET_BIAS = "forget_bias";

    /** Applies the trial's {@link #FORGET_BIAS}, if any, to a freshly initialized model. */
    static void shiftForgetBias(Module model, Trial trial) {
        double shift = trial.param(FORGET_BIAS, 0);
        if (shift != 0) {
            Init.shiftGateBias(model, "f", shift);
        }
    }

    /** Called after each epoch with its 1-based number and the validation metric. */
    interface EpochListener {
        void epoch(int epoch, double metric);
    }

    /**
     * Trains {@code trial.epochs()} epochs; returns the validation metric after each. A NaN or infinite
     * metric is returned as it is (the runner records the trial as failed); an exception fails the trial too.
     */
    double[] run(Trial trial, EpochListener listener) throws Exception;
}
