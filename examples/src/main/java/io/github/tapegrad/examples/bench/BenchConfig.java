package io.github.tapegrad.examples.bench;

/**
 * The two published workloads the benchmark reproduces, with their default sizes and step counts.
 * A is a training step (loss, gradients, clipping, update); B is forward plus backward only.
 */
enum BenchConfig {
    /** d2l chapter 9: one-hot V=28, H=256, B=32, T=35, LSTM + Linear, mean cross-entropy, clip 1, SGD lr 1. */
    A(32, 35, 28, 256, 28, 80, 60),
    /** PyTorch fastrnns: I=H=512, B=64, T=100, random normal input, loss = sum of outputs, no update. */
    B(64, 100, 512, 512, 0, 5, 10);

    final int batch;
    final int steps;
    final int input;
    final int hidden;
    final int vocab;
    final int warmup;
    final int measure;

    BenchConfig(int batch, int steps, int input, int hidden, int vocab, int warmup, int measure) {
        this.batch = batch;
        this.steps = steps;
        this.input = input;
        this.hidden = hidden;
        this.vocab = vocab;
        this.warmup = warmup;
        this.measure = measure;
    }

    /** True when the step ends with a Linear head, cross-entropy, clipping and an SGD update. */
    boolean trains() {
        return this == A;
    }
}
