package io.github.tapegrad.peers;

/**
 * The two workloads of {@code J bench}, with the sizes and step counts of its BenchConfig (examples module):
 * A is d2l's character LM training step, B PyTorch fastrnns' LSTM forward + backward.
 */
enum PeerConfig {
    /** One-hot V=28, H=256, B=32, T=35, LSTM + Linear, mean cross-entropy, clip 1, SGD lr 1. */
    A(32, 35, 28, 256, 28, 80, 60),
    /** I=H=512, B=64, T=100, random normal input and initial state, loss = sum of outputs, no update. */
    B(64, 100, 512, 512, 0, 5, 10);

    final int batch;
    final int steps;
    final int input;
    final int hidden;
    final int vocab;
    final int warmup;
    final int measure;

    PeerConfig(int batch, int steps, int input, int hidden, int vocab, int warmup, int measure) {
        this.batch = batch;
        this.steps = steps;
        this.input = input;
        this.hidden = hidden;
        this.vocab = vocab;
        this.warmup = warmup;
        this.measure = measure;
    }

    boolean trains() {
        return this == A;
    }

    long tokens() {
        return (long) batch * steps;
    }

    /** J bench's count: forward GEMMs 2·B·(I+H)·4H·T (+ head 2·B·T·H·V), backward counted as twice that. */
    double flopsPerStep() {
        double lstm = 2.0 * batch * (input + hidden) * 4.0 * hidden * steps;
        double head = trains() ? 2.0 * batch * steps * hidden * vocab : 0;
        return 3 * lstm + 3 * head;
    }

    String flopFormula() {
        return trains() ? "3·T·2·B·(I+H)·4H + 3·2·B·T·H·V" : "3·T·2·B·(I+H)·4H";
    }

    static PeerConfig parse(String s) {
        return switch (s) {
            case "A", "a" -> A;
            case "B", "b" -> B;
            default -> throw new IllegalArgumentException("--config " + s + ": must be A or B");
        };
    }
}
