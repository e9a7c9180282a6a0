package io.github.tapegrad.examples.data;

/**
 * Epochs of minibatches over a fixed corpus, like d2l's {@code SeqDataLoader}: every call to {@link #iterator()}
 * starts a new epoch and draws a fresh random offset (and, for random sampling, a fresh shuffle) from the
 * source's own seeded generator. Two sources made with the same corpus, sizes and seed give the same epochs in
 * the same order.
 */
public interface MinibatchSource extends Iterable<Minibatch> {

    Sampling sampling();

    int batchSize();

    int numSteps();

    /** Tokens in the corpus the minibatches are cut from. */
    int corpusLength();
}
