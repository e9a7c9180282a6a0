package io.github.tapegrad.examples.tasks;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Loss;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The adding problem (Hochreiter and Schmidhuber 1997, in the form of Le et al. 2015 and Arjovsky et al. 2016), with
 * variable lengths. A sequence of length L has two input channels per step: a value drawn uniformly from [0, 1) and a
 * marker, 1 at exactly two steps (one drawn uniformly from the first half, [0, ⌊L/2⌋), one from the second,
 * [⌊L/2⌋, L)) and 0 elsewhere; the target is the sum of the two marked values. L is drawn uniformly from
 * [⌈T/2⌉, T] per sequence. The model reads its final state (both directions' when bidirectional) into one linear output;
 * the loss is the mean squared error.
 *
 * <p>Baseline: always predicting 1, the target's mean: the sum of two independent uniforms has variance 1/6, so MSE
 * 1/6 ≈ 0.1667. Accuracy: the fraction of sequences with |prediction − target| &lt; {@value #TOLERANCE}; the baseline
 * gets 1 − (1 − 0.04)² = 7.84 % of them (the sum's density is triangular around 1).
 *
 * @param maxLength T, the longest sequence, at least 3 (so every sequence has at least 2 steps)
 */
public record AddingProblem(int maxLength) implements Task<AddingProblem.Batch> {

    /** An answer within this of the target counts as right. */
    public static final double TOLERANCE = 0.04;
    /** The default T. */
    public static final int DEFAULT_LENGTH = 50;

    public AddingProblem {
        if (maxLength < 3) {
            throw new IllegalArgumentException("AddingProblem: maxLength " + maxLength + " must be at least 3");
        }
    }

    /** ⌈T/2⌉, the shortest sequence. */
    public int minLength() {
        return (maxLength + 1) / 2;
    }

    /**
     * A padded batch of the adding problem.
     *
     * @param inputs  [T, B, 2]: channel 0 the values, channel 1 the markers; zeros past each length
     * @param lengths B lengths
     * @param targets B targets, the sums of the marked values
     */
    public record Batch(Tensor inputs, int[] lengths, float[] targets) implements SequenceBatch {
        public Batch {
            lengths = lengths.clone();
            targets = targets.clone();
            if (inputs.rank() != 3 || inputs.dim(2) != 2 || inputs.dim(1) != lengths.length
                    || targets.length != lengths.length) {
                throw new IllegalArgumentException("AddingProblem.Batch: inputs " + inputs.shape() + ", "
                        + lengths.length + " lengths and " + targets.length + " targets do not fit");
            }
        }

        @Override
        public int[] lengths() {
            return lengths.clone();
        }

        @Override
        public float[] targets() {
            return targets.clone();
        }

        /** The targets as [B, 1]. */
        public Tensor targetTensor() {
            return Tensor.of(targets.clone(), targets.length, 1);
        }

        @Override
        public long scoredItems() {
            return lengths.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Batch b && Arrays.equals(inputs.toFloatArray(), b.inputs.toFloatArray())
                    && inputs.shape().equals(b.inputs.shape()) && Arrays.equals(lengths, b.lengths)
                    && Arrays.equals(targets, b.targets);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(lengths) * 31 + Arrays.hashCode(targets);
        }

        @Override
        public String toString() {
            return "AddingProblem.Batch[" + inputs.shape() + ", lengths " + Arrays.toString(lengths) + "]";
        }
    }

    @Override
    public String name() {
        return "adding";
    }

    @Override
    public int inputSize() {
        return 2;
    }

    @Override
    public int outputSize() {
        return 1;
    }

    @Override
    public int maxSteps() {
        return maxLength;
    }

    @Override
    public Readout readout() {
        return Readout.FINAL_STATE;
    }

    /**
     * Draws, in order: the B lengths, then per sequence its L values and its two marker positions (first half, then
     * second half).
     */
    @Override
    public Batch batch(RandomGenerator rng, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("AddingProblem.batch: size " + size + " must be >= 1");
        }
        int[] lengths = new int[size];
        int steps = 0;
        for (int b = 0; b < size; b++) {
            lengths[b] = minLength() + rng.nextInt(maxLength - minLength() + 1);
            steps = Math.max(steps, lengths[b]);
        }
        float[] x = new float[steps * size * 2];
        float[] targets = new float[size];
        for (int b = 0; b < size; b++) {
            int length = lengths[b];
            for (int t = 0; t < length; t++) {
                x[(t * size + b) * 2] = (float) rng.nextDouble();
            }
            int half = length / 2;
            int first = rng.nextInt(half);
            int second = half + rng.nextInt(length - half);
            x[(first * size + b) * 2 + 1] = 1;
            x[(second * size + b) * 2 + 1] = 1;
            targets[b] = x[(first * size + b) * 2] + x[(second * size + b) * 2];
        }
        return new Batch(Tensor.of(x, steps, size, 2), lengths, targets);
    }

    /** MSE of the predictions [B, 1]. */
    @Override
    public Tensor loss(Tensor predictions, Batch batch) {
        return Loss.mse(predictions, batch.targetTensor());
    }

    @Override
    public Score score(Tensor predictions, Batch batch) {
        double[] p = predictions.toDoubleArray();
        double sum = 0;
        int correct = 0;
        for (int b = 0; b < p.length; b++) {
            double error = p[b] - batch.targets[b];
            sum += error * error;
            correct += Math.abs(error) < TOLERANCE ? 1 : 0;
        }
        return new Score(sum, correct, p.length);
    }

    /** Always 1. */
    @Override
    public Score baseline(Batch batch) {
        double[] ones = new double[batch.targets.length];
        Arrays.fill(ones, 1);
        return score(Tensor.of(ones, ones.length, 1), batch);
    }

    @Override
    public String lossName() {
        return "MSE";
    }

    @Override
    public String accuracyRule() {
        return "|prediction - target| < " + TOLERANCE;
    }

    @Override
    public String baselineRule() {
        return "always predicting 1 (expected MSE 1/6 = 0.1667, accuracy 7.84 %)";
    }

    @Override
    public Hyperparameters defaults() {
        return new Hyperparameters(32, 1, true, 0.01, 1.0, 64, 50, 1000, Runtime.getRuntime().availableProcessors());
    }
}
