package io.github.tapegrad.examples.cli;

import io.github.tapegrad.examples.cli.SizeCheck.Footprint;
import io.github.tapegrad.examples.cli.SizeCheck.Part;
import io.github.tapegrad.examples.cli.SizeCheck.TensorSize;

import java.util.ArrayList;
import java.util.List;

/**
 * The tensors and memory of a stack of recurrent layers of any cell with a linear head, as the examples build them,
 * for {@link SizeCheck}. Per layer: the cell's parameters at that layer's sizes, as read from the cell itself
 * ({@link CellProfile}: e.g. LSTM's weight_ih [4H, in], weight_hh [4H, H] and two biases [4H]); the head: weight
 * [O, H] and bias [O].
 *
 * <p>The estimate is meant as a floor: parameters, their gradients and the optimizer's buffers, plus what a training
 * step holds per time step and sequence: {@link CellProfile#keptPerStep()}·H per layer (the activations
 * backpropagation through time keeps, the tape's gradient temporaries and the buffers its pool keeps for the next
 * step), the input and the outputs with their gradient. So a run the estimate refuses cannot fit, and a run it lets
 * through may still run out (then {@link ErrorReporting} reports it in one line).
 *
 * @param rnn     prefix of the recurrent layers' tensor names, e.g. {@code rnn}
 * @param head    prefix of the head's tensor names, e.g. {@code linear}
 * @param cell    what each layer's cell is
 * @param bytes   bytes per element (4 for float32, 8 for float64)
 * @param directions 1, or 2 for a bidirectional stack: two cells per layer, the layers after the first reading
 *                   2H features, the head reading 2H
 */
public record RecurrentFootprint(String rnn, String head, CellProfile cell, double input, double hidden,
                                 double layers, double outputs, int bytes, int directions) {

    /** A unidirectional stack. */
    public RecurrentFootprint(String rnn, String head, CellProfile cell, double input, double hidden, double layers,
                              double outputs, int bytes) {
        this(rnn, head, cell, input, hidden, layers, outputs, bytes, 1);
    }

    public RecurrentFootprint {
        if (directions != 1 && directions != 2) {
            throw new IllegalArgumentException("RecurrentFootprint: directions " + directions + " must be 1 or 2");
        }
    }

    /** Parameter count. */
    public double parameters() {
        return directions * (cell.parameterCount(input, hidden)
                + (layers - 1) * cell.parameterCount(directions * hidden, hidden))
                + outputs * directions * hidden + outputs;
    }

    /** Every tensor whose size grows with an option, for a minibatch of {@code batch} sequences of {@code steps}. */
    public List<TensorSize> tensors(double batch, double steps) {
        List<TensorSize> t = new ArrayList<>(cell.tensors(rnn, 0, input, hidden));
        if (layers > 1) {
            t.addAll(cell.tensors(rnn, 1, directions * hidden, hidden));
        }
        t.add(new TensorSize(head + ".weight", outputs, directions * hidden));
        t.add(new TensorSize("the input", steps, batch, input));
        t.add(new TensorSize("the hidden states", steps, batch, directions * hidden));
        if (cell.inputGates() > 0) {
            t.add(new TensorSize("the gate gradients of all steps", steps * batch, cell.inputGates() * hidden));
        }
        t.add(new TensorSize("the outputs", steps * batch, outputs));
        return t;
    }

    /** A training step: weights, gradients plus {@code optimizerSlots} buffers per parameter, BPTT's activations. */
    public Footprint training(double batch, double steps, int optimizerSlots) {
        double p = parameters() * bytes;
        double perStep = layers * directions * cell.keptPerStep() * hidden + input + 2 * outputs;
        return new Footprint(tensors(batch, steps), List.of(
                new Part("weights", p),
                new Part(optimizerSlots == 0 ? "gradients" : "gradients and optimizer state", p * (1 + optimizerSlots)),
                new Part("activations and temporaries of a step", steps * batch * perStep * bytes)));
    }

    /** A forward pass without recording over one sequence of {@code steps} (text generation). */
    public Footprint inference(double steps, Part... more) {
        double perStep = layers * directions * (cell.inputGates() + cell.stateTensors()) * hidden + input + outputs;
        List<Part> parts = new ArrayList<>(List.of(new Part("weights", parameters() * bytes),
                new Part("activations", steps * perStep * bytes)));
        parts.addAll(List.of(more));
        return new Footprint(tensors(1, steps), parts);
    }
}
