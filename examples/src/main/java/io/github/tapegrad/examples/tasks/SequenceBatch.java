package io.github.tapegrad.examples.tasks;

import io.github.tapegrad.autograd.Tensor;

/**
 * A padded batch of sequences of different lengths, time-major: {@link #inputs()} is [T, B, I] with T the longest
 * length of the batch, and sequence b is its first {@code lengths()[b]} steps. What lies past a sequence's length is
 * padding (zeros as generated); no result may depend on it.
 */
public interface SequenceBatch {

    /** [T, B, I], float32, time-major. */
    Tensor inputs();

    /** B lengths, each in [1, T]; a copy. */
    int[] lengths();

    /** B: the number of sequences. */
    default int size() {
        return inputs().dim(1);
    }

    /** T: the padded length, the longest sequence's. */
    default int steps() {
        return inputs().dim(0);
    }

    /** The items the loss averages over: the sequences (one target each) or the scored output steps. */
    long scoredItems();

    /** The real (unpadded) steps of the batch: the sum of the lengths. */
    default long validSteps() {
        long sum = 0;
        for (int n : lengths()) {
            sum += n;
        }
        return sum;
    }
}
