package io.github.tapegrad.examples.tasks;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.examples.cli.CellChoice;

import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A synthetic sequence task of the LSTM literature with variable lengths: a generator of padded batches, how a model
 * is read and scored on them, and what a memoryless model would score. {@link #train} runs the whole experiment
 * (model, Adam, fresh batches every step, a validation set scored after every epoch) and returns the per-epoch figures,
 * so a study can loop over cells, tasks and seeds:
 *
 * <pre>{@code
 * Task<?> task = new AddingProblem(50);
 * TrainingResult r = task.train("gru", task.defaults().hidden(32).lr(3e-3).threads(2), 7, 10);
 * double[] accuracy = r.validationAccuracy();   // one value per epoch
 * }</pre>
 *
 * @param <B> the task's batch type
 */
public interface Task<B extends SequenceBatch> {

    /** The task's command name, e.g. {@code adding}. */
    String name();

    /** Input features per step. */
    int inputSize();

    /** Outputs of the linear head: 1 for a regression, the number of classes for a classification. */
    int outputSize();

    /** The longest sequence the generator makes. */
    int maxSteps();

    /** Where the network's answer is read. */
    Readout readout();

    /**
     * {@code size} sequences drawn from {@code rng}, their lengths drawn too, padded to the longest: the same draws
     * give the same batch, bit for bit.
     */
    B batch(RandomGenerator rng, int size);

    /** The training loss of the model's {@code predictions} (as {@link #readout()} lays them out) on {@code batch}. */
    Tensor loss(Tensor predictions, B batch);

    /** The predictions' loss and accuracy over the scored items of {@code batch}. */
    Score score(Tensor predictions, B batch);

    /** What the memoryless strategy scores on {@code batch} (see {@link #baselineRule()}). */
    Score baseline(B batch);

    /** The loss's name in output: {@code MSE}, {@code cross-entropy}. */
    String lossName();

    /** What makes an item right, e.g. {@code |prediction - target| < 0.04}. */
    String accuracyRule();

    /** The memoryless strategy {@link #baseline} scores, in words. */
    String baselineRule();

    /** Hyperparameters that train the task to clearly better than its baseline in well under a minute on 2 cores. */
    Hyperparameters defaults();

    /**
     * Trains a fresh model of {@code cell} (a zoo name of {@code nn.Cells} or a cell class name) for {@code epochs}
     * epochs and returns every epoch's training loss and validation score. The seed decides the parameters, the
     * training batches and the validation set; the same arguments give the same bits.
     *
     * @throws TrainingDiverged when a training or validation loss is not finite
     * @throws io.github.tapegrad.examples.UserInputException when there is no such cell
     */
    default TrainingResult train(String cell, Hyperparameters hyperparameters, long seed, int epochs) {
        return train(CellChoice.of(cell), hyperparameters, seed, epochs, stats -> { });
    }

    /** {@link #train(String, Hyperparameters, long, int)}, calling {@code afterEpoch} after each epoch. */
    default TrainingResult train(CellChoice cell, Hyperparameters hyperparameters, long seed, int epochs,
                                 Consumer<EpochStats> afterEpoch) {
        return new TaskTrainer<>(this, cell, hyperparameters, seed).train(epochs, afterEpoch);
    }
}
