package io.github.tapegrad.nn.verify;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.GRU;
import io.github.tapegrad.nn.LSTM;
import io.github.tapegrad.nn.RNN;
import io.github.tapegrad.nn.RNNCell;
import io.github.tapegrad.nn.Recurrent;
import io.github.tapegrad.nn.RecurrentOutput;
import io.github.tapegrad.nn.State;
import io.github.tapegrad.nn.check.Attribution;
import io.github.tapegrad.nn.check.GateBlocks;
import io.github.tapegrad.nn.check.RecurrentProblem;
import io.github.tapegrad.nn.reference.CellKind;
import io.github.tapegrad.nn.reference.LossWeights;
import io.github.tapegrad.nn.reference.RecurrentSpec;
import io.github.tapegrad.nn.reference.ReferenceForward;
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
 * (RNN, LSTM, GRU; bidirectional when the spec is) with the problem's parameters loaded, the same x, initial
 * states and loss weights as a {@link RecurrentProblem}, and the reference's gradients under the names
 * {@code nn.check} uses; or, for per-sequence lengths (which RecurrentProblem does not take), autograd's
 * values and gradients back in the reference's own layout ({@link #autograd}).
 */
final class ReferenceAdapter {

    private ReferenceAdapter() {
    }

    static Recurrent network(RecurrentSpec spec) {
        SplittableRandom rng = new SplittableRandom(1); // values are replaced by the problem's
        int i = spec.inputSize();
        int h = spec.hiddenSize();
        Recurrent.Options options = Recurrent.options(i, h).layers(spec.layers()).bidirectional(spec.bidirectional())
                .dtype(DType.FLOAT64).rng(rng);
        return switch (spec.kind()) {
            case RNN_TANH -> new RNN(options);
            case RNN_RELU -> new RNN(options, RNNCell.Nonlinearity.RELU);
            case LSTM -> new LSTM(options);
            case GRU -> new GRU(options);
        };
    }

    /** The network for {@code reference}'s spec with its parameters loaded by PyTorch name (strict). */
    static Recurrent loadedNetwork(ReferenceProblem reference) {
        Recurrent net = network(reference.spec());
        Map<String, Tensor> params = new LinkedHashMap<>();
        Map<String, Tensor> shapes = net.namedParameters();
        reference.params().named().forEach((name, values) -> params.put(name, Tensor.of(values, shapes.get(name).shape())));
        net.loadStateDict(params, true);
        return net;
    }

    /** The reference problem on nn: parameters loaded by PyTorch name, inputs and loss weights copied. */
    static RecurrentProblem problem(ReferenceProblem reference) {
        RecurrentSpec spec = reference.spec();
        if (spec.hasLengths()) {
            throw new IllegalArgumentException("ReferenceAdapter.problem: RecurrentProblem has no lengths; " + spec
                    + " needs autograd(...)");
        }
        Recurrent net = loadedNetwork(reference);
        LossWeights w = reference.weights();
        Tensor x = Tensor.of(reference.x(), spec.steps(), spec.batch(), spec.inputSize());
        Tensor outputWeights = Tensor.of(w.output(), spec.steps(), spec.batch(), spec.outputSize());
        return RecurrentProblem.of(net, x, states(spec, reference.h0(), reference.c0()), outputWeights,
                states(spec, w.finalH(), w.finalC()));
    }

    /** What nn computes for a reference problem: its forward values and autograd's gradients, as reference arrays. */
    record Autograd(ReferenceForward forward, ReferenceGradients gradients) {
    }

    /**
     * Runs {@code reference} on nn: {@code net.forward(x, lengths, initialStates)} when the spec has lengths, else
     * {@code net.forward(x, initialStates)}; the loss is the reference's ({@link LossWeights}); gradients by
     * {@link Grad#grad} with respect to every parameter, x and every initial state tensor.
     */
    static Autograd autograd(ReferenceProblem reference) {
        RecurrentSpec spec = reference.spec();
        Recurrent net = loadedNetwork(reference);
        Map<String, Tensor> params = net.namedParameters();
        Tensor x = Tensor.of(reference.x(), spec.steps(), spec.batch(), spec.inputSize()).requiresGrad_(true);
        List<State> initial = states(spec, reference.h0(), reference.c0());
        List<Tensor> leaves = new ArrayList<>(params.values());
        leaves.add(x);
        for (State s : initial) {
            for (Tensor t : s.tensors()) {
                leaves.add(t.requiresGrad_(true));
            }
        }
        LossWeights w = reference.weights();
        List<State> stateWeights = states(spec, w.finalH(), w.finalC());
        RecurrentOutput out;
        List<Tensor> grads;
        try (Grad.Scope on = Grad.on()) {
            out = spec.hasLengths() ? net.forward(x, spec.lengths(), initial) : net.forward(x, initial);
            Tensor loss = out.outputs().mul(Tensor.of(w.output(), spec.steps(), spec.batch(), spec.outputSize())).sum();
            for (int k = 0; k < spec.cellCount(); k++) {
                List<Tensor> fin = out.finalStates().get(k).tensors();
                for (int j = 0; j < fin.size(); j++) {
                    loss = loss.add(fin.get(j).mul(stateWeights.get(k).get(j)).sum());
                }
            }
            grads = Grad.grad(loss, leaves);
        }
        Map<String, double[]> named = new LinkedHashMap<>();
        int g = 0;
        for (String name : params.keySet()) {
            named.put(name, grads.get(g++).toDoubleArray());
        }
        double[] dx = grads.get(g++).toDoubleArray();
        boolean lstm = spec.kind() == CellKind.LSTM;
        int size = spec.batch() * spec.hiddenSize();
        double[] dh0 = new double[spec.stateLength()];
        double[] dc0 = lstm ? new double[spec.stateLength()] : null;
        double[] hFinal = new double[spec.stateLength()];
        double[] cFinal = lstm ? new double[spec.stateLength()] : null;
        for (int k = 0; k < spec.cellCount(); k++) {
            System.arraycopy(grads.get(g++).toDoubleArray(), 0, dh0, k * size, size);
            System.arraycopy(out.finalStates().get(k).h().toDoubleArray(), 0, hFinal, k * size, size);
            if (lstm) {
                System.arraycopy(grads.get(g++).toDoubleArray(), 0, dc0, k * size, size);
                System.arraycopy(out.finalStates().get(k).get(1).toDoubleArray(), 0, cFinal, k * size, size);
            }
        }
        return new Autograd(new ReferenceForward(out.outputs().toDoubleArray(), hFinal, cFinal),
                new ReferenceGradients(named, dx, dh0, dc0));
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
        for (int l = 0; l < spec.cellCount(); l++) {
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

    /** [layers*D, B, H] arrays (c null unless LSTM) → one State per cell (layer·D + direction). */
    private static List<State> states(RecurrentSpec spec, double[] h, double[] c) {
        int size = spec.batch() * spec.hiddenSize();
        List<State> out = new ArrayList<>();
        for (int l = 0; l < spec.cellCount(); l++) {
            Tensor hl = Tensor.of(Arrays.copyOfRange(h, l * size, (l + 1) * size), spec.batch(), spec.hiddenSize());
            out.add(spec.kind() == CellKind.LSTM
                    ? State.of(hl, Tensor.of(Arrays.copyOfRange(c, l * size, (l + 1) * size), spec.batch(),
                            spec.hiddenSize()))
                    : State.of(hl));
        }
        return out;
    }
}
