package io.github.tapegrad.examples.tasks;

/** A training or validation loss was not finite: the run stopped there (a smaller learning rate usually helps). */
public final class TrainingDiverged extends RuntimeException {
    private final int epoch;
    private final double loss;

    public TrainingDiverged(int epoch, double loss) {
        super("training diverged: loss " + loss + " in epoch " + epoch);
        this.epoch = epoch;
        this.loss = loss;
    }

    public int epoch() {
        return epoch;
    }

    public double loss() {
        return loss;
    }
}
