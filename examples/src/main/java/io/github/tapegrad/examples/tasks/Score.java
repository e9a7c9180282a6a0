package io.github.tapegrad.examples.tasks;

/**
 * A task's figures over some batches: the loss summed over the scored items (sequences for the adding problem, output
 * symbols for copy-memory), how many of them were right and how many were scored. Scores add up, so a validation set
 * scored batch by batch gives the same totals as scored at once.
 *
 * @param lossSum  the per-item loss summed (squared errors; cross-entropies in nats)
 * @param correct  how many items count as right (for a baseline: the expected number, so it may be fractional)
 * @param count    how many items were scored
 */
public record Score(double lossSum, double correct, long count) {

    public static final Score NONE = new Score(0, 0, 0);

    public Score {
        if (count < 0 || correct < 0 || correct > count) {
            throw new IllegalArgumentException("Score: correct " + correct + " of " + count + " items");
        }
    }

    /** The mean loss per scored item (the task's MSE or cross-entropy). */
    public double loss() {
        return lossSum / count;
    }

    /** The fraction of scored items that are right, in [0, 1]. */
    public double accuracy() {
        return correct / count;
    }

    public Score plus(Score other) {
        return new Score(lossSum + other.lossSum, correct + other.correct, count + other.count);
    }
}
