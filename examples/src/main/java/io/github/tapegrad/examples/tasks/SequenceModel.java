package io.github.tapegrad.examples.tasks;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.examples.cli.CellChoice;
import io.github.tapegrad.nn.Linear;
import io.github.tapegrad.nn.Module;
import io.github.tapegrad.nn.Recurrent;
import io.github.tapegrad.nn.RecurrentOutput;
import io.github.tapegrad.nn.State;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A stack of recurrent layers of any cell (optionally bidirectional) over variable-length batches, and a linear head
 * read as the task says ({@link Readout}). Parameters are named as torch's {@code nn.LSTM} + {@code nn.Linear} would
 * be: {@code rnn.weight_ih_l0}, {@code rnn.weight_ih_l0_reverse}, ..., {@code head.weight}.
 */
public final class SequenceModel extends Module {
    public static final DType DTYPE = DType.FLOAT32;

    private final Recurrent rnn;
    private final Linear head;
    private final Readout readout;

    public SequenceModel(CellChoice cell, int inputSize, int outputSize, Hyperparameters hp, Readout readout,
                         RandomGenerator rng) {
        this.readout = readout;
        this.rnn = registerModule("rnn", new Recurrent(cell.factory(), Recurrent.options(inputSize, hp.hidden())
                .layers(hp.layers()).bidirectional(hp.bidirectional()).dtype(DTYPE).rng(rng)));
        this.head = registerModule("head", new Linear(rnn.hiddenSize(), outputSize, true, DTYPE, rng));
    }

    /**
     * The predictions for a padded batch: [B, outputs] read from the final states, or [T·B, outputs] from every
     * step (row t·B + b), as {@link Readout} says.
     *
     * @param inputs  [T, B, I]
     * @param lengths B lengths in [1, T]
     */
    public Tensor forward(Tensor inputs, int[] lengths) {
        RecurrentOutput out = rnn.forward(inputs, lengths);
        return switch (readout) {
            case FINAL_STATE -> head.forward(finalHidden(out.finalStates()));
            case EVERY_STEP -> head.forward(out.outputs().reshape(-1, rnn.hiddenSize()));
        };
    }

    /**
     * The last layer's final h, [B, H]; when bidirectional, [B, 2H]: the forward direction's (after each sequence's
     * last real step) then the reverse direction's (after step 0, having started at the sequence's own end). Final
     * states are ordered layer·2 + direction.
     */
    Tensor finalHidden(List<State> finals) {
        int layers = rnn.numLayers();
        if (!rnn.bidirectional()) {
            return finals.get(layers - 1).h();
        }
        return Tensor.concat(List.of(finals.get(2 * (layers - 1)).h(), finals.get(2 * (layers - 1) + 1).h()), 1);
    }

    public Recurrent rnn() {
        return rnn;
    }

    @Override
    public String toString() {
        return rnn + " + Linear(" + head.inFeatures() + ", " + head.outFeatures() + ")";
    }
}
