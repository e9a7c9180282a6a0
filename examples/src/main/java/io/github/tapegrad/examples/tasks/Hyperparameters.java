package io.github.tapegrad.examples.tasks;

/**
 * How a {@link Task} trains: the model (a stack of recurrent layers of the chosen cell and a linear head), the
 * optimizer (Adam, gradient clipping by global norm) and the data per epoch. With a task, a cell and a seed it fixes
 * the run's result bit for bit ({@code threads} is part of that guarantee; see the README's Reproducibility).
 * Start from a task's {@link Task#defaults()} and change what a study varies with the withers.
 *
 * @param hidden          hidden size of every layer and direction
 * @param layers          stacked recurrent layers
 * @param bidirectional   per layer a forward and a reverse direction (torch's {@code bidirectional=True})
 * @param lr              Adam's learning rate
 * @param clip            the gradient's global L2 norm is clipped to this
 * @param batchSize       sequences per training step
 * @param batchesPerEpoch training steps per epoch, each on a fresh batch
 * @param validationSize  sequences in the validation set, drawn once per run and scored after every epoch
 * @param threads         worker threads of the tensor kernels
 * @param forgetBias      added to the forget gate's bias at initialization in every cell with a gate named f
 *                        ({@link io.github.tapegrad.nn.init.Init#shiftGateBias}); 0 leaves the initialization as it is
 */
public record Hyperparameters(int hidden, int layers, boolean bidirectional, double lr, double clip, int batchSize,
                              int batchesPerEpoch, int validationSize, int threads, double forgetBias) {

    /** No forget-gate bias shift. */
    public Hyperparameters(int hidden, int layers, boolean bidirectional, double lr, double clip, int batchSize,
                           int batchesPerEpoch, int validationSize, int threads) {
        this(hidden, layers, bidirectional, lr, clip, batchSize, batchesPerEpoch, validationSize, threads, 0);
    }

    public Hyperparameters {
        positive("hidden", hidden);
        positive("layers", layers);
        positive("batchSize", batchSize);
        positive("batchesPerEpoch", batchesPerEpoch);
        positive("validationSize", validationSize);
        positive("threads", threads);
        if (!(lr > 0) || !Double.isFinite(lr) || !(clip > 0) || !Double.isFinite(clip)) {
            throw new IllegalArgumentException("Hyperparameters: lr " + lr + " and clip " + clip
                    + " must be finite and > 0");
        }
        if (!Double.isFinite(forgetBias)) {
            throw new IllegalArgumentException("Hyperparameters: forgetBias " + forgetBias + " must be finite");
        }
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("Hyperparameters: " + name + " " + value + " must be >= 1");
        }
    }

    public Hyperparameters hidden(int size) {
        return new Hyperparameters(size, layers, bidirectional, lr, clip, batchSize, batchesPerEpoch, validationSize,
                threads, forgetBias);
    }

    public Hyperparameters layers(int count) {
        return new Hyperparameters(hidden, count, bidirectional, lr, clip, batchSize, batchesPerEpoch, validationSize,
                threads, forgetBias);
    }

    public Hyperparameters bidirectional(boolean on) {
        return new Hyperparameters(hidden, layers, on, lr, clip, batchSize, batchesPerEpoch, validationSize, threads,
                forgetBias);
    }

    public Hyperparameters lr(double rate) {
        return new Hyperparameters(hidden, layers, bidirectional, rate, clip, batchSize, batchesPerEpoch,
                validationSize, threads, forgetBias);
    }

    public Hyperparameters clip(double maxNorm) {
        return new Hyperparameters(hidden, layers, bidirectional, lr, maxNorm, batchSize, batchesPerEpoch,
                validationSize, threads, forgetBias);
    }

    public Hyperparameters batchSize(int size) {
        return new Hyperparameters(hidden, layers, bidirectional, lr, clip, size, batchesPerEpoch, validationSize,
                threads, forgetBias);
    }

    public Hyperparameters batchesPerEpoch(int count) {
        return new Hyperparameters(hidden, layers, bidirectional, lr, clip, batchSize, count, validationSize, threads,
                forgetBias);
    }

    public Hyperparameters validationSize(int count) {
        return new Hyperparameters(hidden, layers, bidirectional, lr, clip, batchSize, batchesPerEpoch, count, threads,
                forgetBias);
    }

    public Hyperparameters threads(int count) {
        return new Hyperparameters(hidden, layers, bidirectional, lr, clip, batchSize, batchesPerEpoch, validationSize,
                count, forgetBias);
    }

    public Hyperparameters forgetBias(double shift) {
        return new Hyperparameters(hidden, layers, bidirectional, lr, clip, batchSize, batchesPerEpoch, validationSize,
                threads, shift);
    }

    /** 2 when bidirectional, else 1. */
    public int directions() {
        return bidirectional ? 2 : 1;
    }
}
