package io.github.tapegrad.examples.tasks;

import java.util.List;

/**
 * What {@link Task#train} returns: every epoch's figures and the memoryless baseline on the same validation set.
 *
 * @param task     the task's name
 * @param cell     the cell's name as given
 * @param seed     the run's seed
 * @param model    the model as text, e.g. {@code LSTM(2, 32, numLayers=1, bidirectional) + Linear(64, 1)}
 * @param baseline the baseline's score on the validation set
 * @param epochs   one entry per epoch, in order
 */
public record TrainingResult(String task, String cell, Hyperparameters hyperparameters, long seed, String model,
                             Score baseline, List<EpochStats> epochs) {

    public TrainingResult {
        epochs = List.copyOf(epochs);
    }

    /** The validation accuracy after each epoch: the per-epoch metric a study compares. */
    public double[] validationAccuracy() {
        return epochs.stream().mapToDouble(e -> e.validation().accuracy()).toArray();
    }

    /** The validation loss (the task's MSE or cross-entropy) after each epoch. */
    public double[] validationLoss() {
        return epochs.stream().mapToDouble(e -> e.validation().loss()).toArray();
    }

    /** The mean training loss of each epoch. */
    public double[] trainLoss() {
        return epochs.stream().mapToDouble(EpochStats::trainLoss).toArray();
    }

    public EpochStats last() {
        return epochs.get(epochs.size() - 1);
    }

    /** Wall time of all training steps (validation excluded). */
    public double trainSeconds() {
        return epochs.stream().mapToDouble(EpochStats::trainSeconds).sum();
    }

    /** Real (unpadded) steps trained per second over the run. */
    public double tokensPerSecond() {
        return epochs.stream().mapToLong(EpochStats::validSteps).sum() / trainSeconds();
    }
}
