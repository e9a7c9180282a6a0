package io.github.tapegrad.examples.tasks;

/**
 * One epoch of a task's training.
 *
 * @param epoch        1-based
 * @param trainLoss    the mean training loss over the epoch's scored items
 * @param validation   the validation set's score after the epoch
 * @param validSteps   the real (unpadded) steps of the epoch's training batches
 * @param trainSeconds wall time of the epoch's training steps (not of the validation)
 */
public record EpochStats(int epoch, double trainLoss, Score validation, long validSteps, double trainSeconds) {

    /** Training speed in real steps (tokens) per second: padding is not counted. */
    public double tokensPerSecond() {
        return trainSeconds > 0 ? validSteps / trainSeconds : Double.POSITIVE_INFINITY;
    }
}
