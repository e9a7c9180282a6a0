package io.github.tapegrad.examples.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * d2l v0.17 {@code seq_data_iter_sequential}: skip a random offset in [0, numSteps] (both ends included, as
 * {@code random.randint(0, num_steps)} does), keep the largest multiple of batchSize tokens that still leaves
 * one token for the last target, lay them out as batchSize rows, and walk along the rows numSteps columns at a
 * time. Row b of minibatch i+1 therefore starts right where row b of minibatch i ended, which is what lets a
 * model carry its hidden state across minibatches.
 */
final class SequentialMinibatches implements MinibatchSource {

    private final int[] corpus;
    private final int batchSize;
    private final int numSteps;
    private final Random random;

    SequentialMinibatches(int[] corpus, int batchSize, int numSteps, long seed) {
        Sampling.SEQUENTIAL.requireEnough(corpus.length, batchSize, numSteps);
        this.corpus = corpus.clone();
        this.batchSize = batchSize;
        this.numSteps = numSteps;
        this.random = new Random(seed);
    }

    @Override
    public Iterator<Minibatch> iterator() {
        int offset = random.nextInt(numSteps + 1);
        int tokensPerRow = (corpus.length - offset - 1) / batchSize;
        int batches = tokensPerRow / numSteps;
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < batches;
            }

            @Override
            public Minibatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("sequential minibatches: epoch has only " + batches);
                }
                int[][] x = new int[batchSize][numSteps];
                int[][] y = new int[batchSize][numSteps];
                for (int b = 0; b < batchSize; b++) {
                    int start = offset + b * tokensPerRow + next * numSteps;
                    System.arraycopy(corpus, start, x[b], 0, numSteps);
                    System.arraycopy(corpus, start + 1, y[b], 0, numSteps);
                }
                next++;
                return new Minibatch(x, y);
            }
        };
    }

    @Override
    public Sampling sampling() {
        return Sampling.SEQUENTIAL;
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
