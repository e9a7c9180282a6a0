package io.github.tapegrad.examples.tasks;

import io.github.tapegrad.autograd.Indices;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Loss;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The copy-memory task (Hochreiter and Schmidhuber 1997; in the form of Arjovsky et al. 2016), with variable delays.
 * A sequence shows K symbols drawn uniformly from an alphabet of A, then D − 1 blanks, a delimiter, and K more blanks,
 * during which the model must output the K symbols in order: length L = D + 2K, with the delay D drawn uniformly from
 * [⌈Dmax/2⌉, Dmax] per sequence. Inputs are one-hot over A + 2 classes (0 blank, 1..A the symbols, A + 1 the
 * delimiter); the model reads every step into A logits, and the loss is the cross-entropy over the K output steps of
 * each sequence only (a mask from the lengths: {@code Loss.crossEntropy(logits, targets, scored)}), the other steps
 * and the padding not counting. Arjovsky et al. score every step, the blanks too; scoring only the K output steps
 * makes the figures per copied symbol.
 *
 * <p>Baseline: a memoryless model can only guess, uniformly: cross-entropy ln A nats per symbol (2.079 for A = 8)
 * and accuracy 1/A (12.5 %). (Arjovsky et al.'s baseline, the same strategy scored over all L steps, is
 * K ln A / L.) Accuracy: the fraction of output symbols whose largest logit is the right symbol.
 *
 * @param symbols  K, the symbols to copy
 * @param alphabet A, the symbols' alphabet, at least 2
 * @param maxDelay Dmax, the longest delay from the last symbol to the delimiter (inclusive), at least 1
 */
public record CopyMemory(int symbols, int alphabet, int maxDelay) implements Task<CopyMemory.Batch> {

    /** Arjovsky et al.'s alphabet. */
    public static final int DEFAULT_ALPHABET = 8;

    public CopyMemory {
        if (symbols < 1 || alphabet < 2 || maxDelay < 1) {
            throw new IllegalArgumentException("CopyMemory: symbols " + symbols + ", alphabet " + alphabet
                    + " and maxDelay " + maxDelay + " must be at least 1, 2 and 1");
        }
    }

    /** ⌈Dmax/2⌉, the shortest delay. */
    public int minDelay() {
        return (maxDelay + 1) / 2;
    }

    /** The delimiter's class in the inputs. */
    public int delimiter() {
        return alphabet + 1;
    }

    /**
     * A padded batch of the copy-memory task.
     *
     * @param inputs  [T, B, A + 2], one-hot; zeros past each length
     * @param lengths B lengths, each D + 2K
     * @param symbols K symbols per sequence, in 1..A, sequence b's at [b·K, (b + 1)·K)
     * @param targets T·B class ids in [0, A) (a symbol − 1) at row t·B + b, 0 where not scored
     * @param scored  T·B flags: the K output steps of each sequence
     */
    public record Batch(Tensor inputs, int[] lengths, int[] symbols, int[] targets, boolean[] scored)
            implements SequenceBatch {
        public Batch {
            lengths = lengths.clone();
            symbols = symbols.clone();
            targets = targets.clone();
            scored = scored.clone();
            int rows = inputs.dim(0) * inputs.dim(1);
            if (inputs.rank() != 3 || inputs.dim(1) != lengths.length || targets.length != rows
                    || scored.length != rows) {
                throw new IllegalArgumentException("CopyMemory.Batch: inputs " + inputs.shape() + ", "
                        + lengths.length + " lengths, " + targets.length + " targets and " + scored.length
                        + " flags do not fit");
            }
        }

        @Override
        public int[] lengths() {
            return lengths.clone();
        }

        @Override
        public int[] symbols() {
            return symbols.clone();
        }

        @Override
        public int[] targets() {
            return targets.clone();
        }

        @Override
        public boolean[] scored() {
            return scored.clone();
        }

        @Override
        public long scoredItems() {
            return symbols.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Batch b && Arrays.equals(inputs.toFloatArray(), b.inputs.toFloatArray())
                    && inputs.shape().equals(b.inputs.shape()) && Arrays.equals(lengths, b.lengths)
                    && Arrays.equals(symbols, b.symbols) && Arrays.equals(targets, b.targets)
                    && Arrays.equals(scored, b.scored);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(lengths) * 31 + Arrays.hashCode(symbols);
        }

        @Override
        public String toString() {
            return "CopyMemory.Batch[" + inputs.shape() + ", lengths " + Arrays.toString(lengths) + "]";
        }
    }

    @Override
    public String name() {
        return "copy-memory";
    }

    @Override
    public int inputSize() {
        return alphabet + 2;
    }

    @Override
    public int outputSize() {
        return alphabet;
    }

    @Override
    public int maxSteps() {
        return maxDelay + 2 * symbols;
    }

    @Override
    public Readout readout() {
        return Readout.EVERY_STEP;
    }

    /** Draws, in order: the B delays, then per sequence its K symbols. */
    @Override
    public Batch batch(RandomGenerator rng, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("CopyMemory.batch: size " + size + " must be >= 1");
        }
        int[] lengths = new int[size];
        int steps = 0;
        for (int b = 0; b < size; b++) {
            lengths[b] = minDelay() + rng.nextInt(maxDelay - minDelay() + 1) + 2 * symbols;
            steps = Math.max(steps, lengths[b]);
        }
        int classes = inputSize();
        float[] x = new float[steps * size * classes];
        int[] drawn = new int[size * symbols];
        int[] targets = new int[steps * size];
        boolean[] scored = new boolean[steps * size];
        for (int b = 0; b < size; b++) {
            int length = lengths[b];
            int output = length - symbols; // the first output step, right after the delimiter
            for (int t = 0; t < length; t++) {
                int symbol;
                if (t < symbols) {
                    symbol = 1 + rng.nextInt(alphabet);
                    drawn[b * symbols + t] = symbol;
                } else {
                    symbol = t == output - 1 ? delimiter() : 0;
                }
                x[(t * size + b) * classes + symbol] = 1;
                if (t >= output) {
                    targets[t * size + b] = drawn[b * symbols + t - output] - 1;
                    scored[t * size + b] = true;
                }
            }
        }
        return new Batch(Tensor.of(x, steps, size, classes), lengths, drawn, targets, scored);
    }

    /** The mean cross-entropy of the logits [T·B, A] over the scored steps. */
    @Override
    public Tensor loss(Tensor predictions, Batch batch) {
        return Loss.crossEntropy(predictions, Indices.of(batch.targets), batch.scored);
    }

    @Override
    public Score score(Tensor predictions, Batch batch) {
        double loss = loss(predictions, batch).item();
        float[] logits = predictions.toFloatArray();
        int correct = 0;
        for (int row = 0; row < batch.scored.length; row++) {
            if (batch.scored[row]) {
                int best = 0;
                for (int c = 1; c < alphabet; c++) {
                    if (logits[row * alphabet + c] > logits[row * alphabet + best]) {
                        best = c;
                    }
                }
                correct += best == batch.targets[row] ? 1 : 0;
            }
        }
        return new Score(loss * batch.scoredItems(), correct, batch.scoredItems());
    }

    /** A uniform guess: ln A per symbol, right 1/A of the time (in expectation). */
    @Override
    public Score baseline(Batch batch) {
        long n = batch.scoredItems();
        return new Score(n * Math.log(alphabet), (double) n / alphabet, n);
    }

    @Override
    public String lossName() {
        return "cross-entropy";
    }

    @Override
    public String accuracyRule() {
        return "the output symbol's largest logit is the right symbol";
    }

    @Override
    public String baselineRule() {
        return String.format(java.util.Locale.ROOT, "a memoryless uniform guess (cross-entropy ln %d = %.3f nats, "
                + "accuracy 1/%d = %.1f %%)", alphabet, Math.log(alphabet), alphabet, 100.0 / alphabet);
    }

    @Override
    public Hyperparameters defaults() {
        return new Hyperparameters(64, 1, false, 0.01, 1.0, 64, 50, 1000, Runtime.getRuntime().availableProcessors());
    }
}
