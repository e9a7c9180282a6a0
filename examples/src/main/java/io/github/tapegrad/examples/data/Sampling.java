package io.github.tapegrad.examples.data;

/** The two ways d2l (v0.17) cuts a corpus into minibatches of subsequences. */
public enum Sampling {

    /** {@code seq_data_iter_sequential}: rows continue where the previous minibatch's rows stopped. */
    SEQUENTIAL("sequential"),

    /** {@code seq_data_iter_random}: non-overlapping subsequences in shuffled order. */
    RANDOM("random");

    private final String label;

    Sampling(String label) {
        this.label = label;
    }

    /** Lower-case name for messages and command-line values. */
    public String label() {
        return label;
    }

    /**
     * Fewest corpus tokens that give at least one minibatch for every possible random offset. The random
     * iterator's offset goes up to {@code numSteps - 1} and it needs one token beyond its subsequences; the
     * sequential one's offset goes up to {@code numSteps} (d2l draws it with {@code randint(0, num_steps)},
     * both ends included) and it also needs that extra token.
     */
    public long minimumTokens(int batchSize, int numSteps) {
        requirePositive("minimumTokens", batchSize, numSteps);
        long subsequences = (long) batchSize * numSteps;
        return switch (this) {
            case RANDOM -> subsequences + numSteps;
            case SEQUENTIAL -> subsequences + numSteps + 1;
        };
    }

    /** The matching iterator over {@code corpus} (copied), seeded for repeatable epochs. */
    public MinibatchSource over(int[] corpus, int batchSize, int numSteps, long seed) {
        return switch (this) {
            case SEQUENTIAL -> new SequentialMinibatches(corpus, batchSize, numSteps, seed);
            case RANDOM -> new RandomMinibatches(corpus, batchSize, numSteps, seed);
        };
    }

    /** Throws unless a corpus of {@code length} tokens gives at least one minibatch at every offset. */
    void requireEnough(int length, int batchSize, int numSteps) {
        String operation = label + " minibatches";
        requirePositive(operation, batchSize, numSteps);
        long needed = minimumTokens(batchSize, numSteps);
        if (length < needed) {
            throw new IllegalArgumentException(operation + ": corpus of " + length + " tokens is too short for batch"
                    + " size " + batchSize + " x " + numSteps + " steps: needs at least " + needed);
        }
    }

    static void requirePositive(String operation, int batchSize, int numSteps) {
        if (batchSize < 1 || numSteps < 1) {
            throw new IllegalArgumentException(operation + ": batch size " + batchSize + " and num steps " + numSteps
                    + " must both be >= 1");
        }
    }
}
