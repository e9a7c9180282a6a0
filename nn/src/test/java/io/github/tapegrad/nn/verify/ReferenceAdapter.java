package io.github.tapegrad.nn.verify;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.GRU;
import io.github.tapegrad.nn.LSTM;
import io.github.tapegrad.nn.RNN;
import io.github.tapegrad.nn.RNNCell;
import io.github.tapegrad.nn.Recurrent;
import io.github.tapegrad.nn.State;
import io.github.tapegrad.nn.check.Attribution;
import io.github.tapegrad.nn.check.GateBlocks;
import io.github.tapegrad.nn.check.RecurrentProblem;
import io.github.tapegrad.nn.reference.CellKind;
import io.github.tapegrad.nn.reference.LossWeights;
import io.github.tapegrad.nn.reference.RecurrentSpec;
import io.github.tapegrad.nn.reference.ReferenceGradients;
import io.github.tapegrad.nn.reference.ReferenceProblem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Puts a reference problem (plain arrays in PyTorch's layouts) onto nn: the matching Recurrent stack
 * (RNN, LSTM, GRU) with the problem's parameters loaded, the same x, initial states and loss weights as a
 * {@link RecurrentProblem}, and the reference's gradients under the names {@code nn.check} uses.
 */
final class ReferenceAdapter {

    private ReferenceAdapter() {
    }

    static Recurrent network(RecurrentSpec spec) {
        SplittableRandom rng = new SplittableRandom(1); // values are replaced by the problem's
        int i = spec.inputSize();
        int h = spec.hiddenSize();
        int layers = spec.layers();
        return switch (spec.kind()) {
            case RNN_TANH -> new RNN(Recurrent.options(i, h).layers(layers).dtype(DType.FLOAT64).rng(rng));
            case RNN_RELU -> new RNN(Recurrent.options(i, h).layers(layers).dtype(DType.FLOAT64).rng(rng), RNNCell.Nonlinearity.RELU);
            case LSTM -> new LSTM(Recurrent.options(i, h).layers(layers).dtype(DType.FLOAT64).rng(rng));
            case GRU -> new GRU(Recurrent.options(i, h).layers(layers).dtype(DType.FLOAT64).rng(rng));
        };
    }

    /** The reference problem on nn: parameters loaded by PyTorch name, inputs and loss weights copied. */
    static RecurrentProblem problem(ReferenceProblem reference) {
        RecurrentSpec spec = reference.spec();
        Recurrent net = network(spec);
        Map<String, Tensor> params = new LinkedHashMap<>();
        Map<String, Tensor> shapes = net.namedParameters();
        reference.params().named().forEach((name, values) -> params.put(name, Tensor.of(values, shapes.get(name).shape())));
        net.loadStateDict(params, true);
        LossWeights w = reference.weights();
        Tensor x = Tensor.of(reference.x(), spec.steps(), spec.batch(), spec.inputSize());
        Tensor outputWeights = Tensor.of(w.output(), spec.steps(), spec.batch(), spec.hiddenSize());
        return RecurrentProblem.of(net, x, states(spec, reference.h0(), reference.c0()), outputWeights,
                states(spec, w.finalH(), w.finalC()));
    }

    /** The reference's gradients keyed as {@link RecurrentProblem#gradients()} keys autograd's. */
    static Map<String, Tensor> gradients(RecurrentSpec spec, ReferenceGradients grads) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        grads.params().forEach((name, values) -> {
            int columns = values.length / spec.gateRows();
            out.put(name, name.startsWith("bias") ? Tensor.of(values, spec.gateRows())
                    : Tensor.of(values, spec.gateRows(), columns));
        });
        out.put(Attribution.INPUT, Tensor.of(grads.x(), spec.steps(), spec.batch(), spec.inputSize()));
        List<State> states = states(spec, grads.h0(), grads.c0());
        for (int l = 0; l < spec.layers(); l++) {
            List<Tensor> tensors = states.get(l).tensors();
            for (int k = 0; k < tensors.size(); k++) {
                out.put(RecurrentProblem.stateName(k, "0", l), tensors.get(k));
            }
        }
        return out;
    }

    static GateBlocks gates(RecurrentSpec spec) {
        return switch (spec.kind()) {
            case LSTM -> GateBlocks.of(spec.hiddenSize(), "i", "f", "g", "o");
            case GRU -> GateBlocks.of(spec.hiddenSize(), "r", "z", "n");
            case RNN_TANH, RNN_RELU -> GateBlocks.none(spec.hiddenSize());
        };
    }

    /** [layers, B, H] arrays (c null unless LSTM) → one State per layer. */
    private static List<State> states(RecurrentSpec spec, double[] h, double[] c) {
        int size = spec.batch() * spec.hiddenSize();
        List<State> out = new ArrayList<>();
        for (int l = 0; l < spec.layers(); l++) {
            Tensor hl = Tensor.of(Arrays.copyOfRange(h, l * size, (l + 1) * size), spec.batch(), spec.hiddenSize());
            out.add(spec.kind() == CellKind.LSTM
                    ? State.of(hl, Tensor.of(Arrays.copyOfRange(c, l * size, (l + 1) * size), spec.batch(),
                            spec.hiddenSize()))
                    : State.of(hl));
        }
        return out;
    }
}
