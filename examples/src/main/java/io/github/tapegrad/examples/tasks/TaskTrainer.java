package io.github.tapegrad.examples.tasks;

import io.github.tapegrad.autograd.Backend;
import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.StepScope;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.examples.cli.CellChoice;
import io.github.tapegrad.nn.init.Init;
import io.github.tapegrad.nn.optim.Adam;
import io.github.tapegrad.nn.optim.GradClip;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Trains a {@link SequenceModel} on a {@link Task}: Adam on the task's loss, the gradient clipped to a global norm,
 * every step on a fresh batch; after each epoch the validation set is scored without recording.
 *
 * <p>Randomness: one {@code SplittableRandom(seed)} split three ways, in this order: the parameters, the training
 * batches, the validation set (drawn once, in chunks of {@value #VALIDATION_CHUNK} sequences, so it does not depend on
 * the batch size). The same task, cell, hyperparameters and seed give the same bits. The kernels' thread count is
 * process-wide: {@link #train} sets it to the hyperparameters' ({@code Backend.threads}).
 */
public final class TaskTrainer<B extends SequenceBatch> {
    /** Validation sequences drawn and scored per batch. */
    public static final int VALIDATION_CHUNK = 250;

    private final Task<B> task;
    private final CellChoice cell;
    private final Hyperparameters hp;
    private final long seed;

    public TaskTrainer(Task<B> task, CellChoice cell, Hyperparameters hyperparameters, long seed) {
        this.task = Objects.requireNonNull(task, "task");
        this.cell = Objects.requireNonNull(cell, "cell");
        this.hp = Objects.requireNonNull(hyperparameters, "hyperparameters");
        this.seed = seed;
    }

    /** The validation set of {@code size} sequences for {@code seed}: the batches {@link #train} scores. */
    public static <B extends SequenceBatch> List<B> validationSet(Task<B> task, long seed, int size) {
        SplittableRandom root = new SplittableRandom(seed);
        root.split();
        root.split();
        return validationSet(task, root.split(), size);
    }

    private static <B extends SequenceBatch> List<B> validationSet(Task<B> task, SplittableRandom rng, int size) {
        List<B> batches = new ArrayList<>();
        for (int done = 0; done < size; done += VALIDATION_CHUNK) {
            batches.add(task.batch(rng, Math.min(VALIDATION_CHUNK, size - done)));
        }
        return batches;
    }

    /** Trains for {@code epochs} epochs, calling {@code afterEpoch} after each. */
    public TrainingResult train(int epochs, Consumer<EpochStats> afterEpoch) {
        if (epochs < 1) {
            throw new IllegalArgumentException("TaskTrainer: epochs " + epochs + " must be >= 1");
        }
        Backend.threads(hp.threads());
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom init = root.split();
        SplittableRandom data = root.split();
        List<B> validation = validationSet(task, root.split(), hp.validationSize());
        SequenceModel model = new SequenceModel(cell, task.inputSize(), task.outputSize(), hp, task.readout(), init);
        if (hp.forgetBias() != 0) {
            Init.shiftGateBias(model, "f", hp.forgetBias());
        }
        Adam adam = new Adam(model, hp.lr());
        List<Tensor> parameters = model.parameters();
        Score baseline = Score.NONE;
        for (B batch : validation) {
            baseline = baseline.plus(task.baseline(batch));
        }
        List<EpochStats> history = new ArrayList<>();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            model.train();
            double lossSum = 0;
            long items = 0;
            long steps = 0;
            for (int i = 0; i < hp.batchesPerEpoch(); i++) {
                B batch = task.batch(data, hp.batchSize());
                double loss;
                try (StepScope step = Grad.step()) { // the step's tensors go back to the pool for the next one
                    adam.zeroGrad();
                    Tensor l = task.loss(model.forward(batch.inputs(), batch.lengths()), batch);
                    l.backward();
                    GradClip.clipGradNorm(parameters, hp.clip());
                    adam.step();
                    loss = l.item();
                }
                if (!Double.isFinite(loss)) {
                    throw new TrainingDiverged(epoch, loss);
                }
                long scored = batch.scoredItems();
                lossSum += loss * scored;
                items += scored;
                steps += batch.validSteps();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Score score = evaluate(model, validation);
            if (!Double.isFinite(score.loss())) {
                throw new TrainingDiverged(epoch, score.loss());
            }
            EpochStats stats = new EpochStats(epoch, lossSum / items, score, steps, seconds);
            history.add(stats);
            afterEpoch.accept(stats);
        }
        return new TrainingResult(task.name(), cell.name(), hp, seed, model.toString(), baseline, history);
    }

    /** The model's score on {@code batches}, nothing recorded. */
    public Score evaluate(SequenceModel model, List<B> batches) {
        model.eval();
        Score total = Score.NONE;
        try (Grad.Scope off = Grad.off()) {
            for (B batch : batches) {
                try (StepScope step = Grad.step()) {
                    total = total.plus(task.score(model.forward(batch.inputs(), batch.lengths()), batch));
                }
            }
        }
        model.train();
        return total;
    }
}
