package io.github.tapegrad.examples.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * d2l v0.17 {@code seq_data_iter_random}: drop a random offset in [0, numSteps - 1], cut the rest into
 * consecutive non-overlapping subsequences of numSteps tokens (keeping one token for the last target), shuffle
 * their start positions and serve them batchSize at a time; leftover subsequences that do not fill a minibatch
 * are skipped. Adjacent minibatches are unrelated, so a model must reset its state for each one.
 */
final class RandomMinibatches implements MinibatchSource {

    private final int[] corpus;
    private final int batchSize;
    private final int numSteps;
    private final Random random;

    RandomMinibatches(int[] corpus, int batchSize, int numSteps, long seed) {
        Sampling.RANDOM.requireEnough(corpus.length, batchSize, numSteps);
        this.corpus = corpus.clone();
        this.batchSize = batchSize;
        this.numSteps = numSteps;
        this.random = new Random(seed);
    }

    @Override
    public Iterator<Minibatch> iterator() {
        int offset = random.nextInt(numSteps);
        int subsequences = (corpus.length - offset - 1) / numSteps;
        int[] starts = new int[subsequences];
        for (int i = 0; i < subsequences; i++) {
            starts[i] = offset + i * numSteps;
        }
        shuffle(starts);
        int batches = subsequences / batchSize;
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < batches;
            }

            @Override
            public Minibatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("random minibatches: epoch has only " + batches);
                }
                int[][] x = new int[batchSize][numSteps];
                int[][] y = new int[batchSize][numSteps];
                for (int b = 0; b < batchSize; b++) {
                    int start = starts[next * batchSize + b];
                    System.arraycopy(corpus, start, x[b], 0, numSteps);
                    System.arraycopy(corpus, start + 1, y[b], 0, numSteps);
                }
                next++;
                return new Minibatch(x, y);
            }
        };
    }

    /** Fisher-Yates from the back, the same walk as Python's random.shuffle (different generator, though). */
    private void shuffle(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }

    @Override
    public Sampling sampling() {
        return Sampling.RANDOM;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public int numSteps() {
        return numSteps;
    }

    @Override
    public int corpusLength() {
        return corpus.length;
    }
}
