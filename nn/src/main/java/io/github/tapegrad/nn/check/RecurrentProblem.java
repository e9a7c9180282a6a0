package io.github.tapegrad.nn.check;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.Recurrent;
import io.github.tapegrad.nn.RecurrentOutput;
import io.github.tapegrad.nn.State;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A gradient-check problem on a {@link Recurrent} network: input {@code x [T, B, I]}, one initial state per
 * layer, and the linear loss
 * {@code L = sum(outputWeights * outputs) + sum over layers l and state tensors k of sum(w[l][k] * final[l][k])},
 * whose gradient with respect to the outputs and final states is an arbitrary (generated) tensor, so every
 * path through the network is exercised.
 *
 * <p>Named tensors: gradients of parameters by their {@code namedParameters()} key ({@code weight_ih_l0}, ...),
 * of the input as {@code x}, of the initial states as {@code h0_l<l>}, {@code c0_l<l>} (state tensors 0 and 1)
 * and {@code state<k>_0_l<l>} beyond; forward values as {@code outputs}, {@code h_final_l<l>},
 * {@code c_final_l<l>}, {@code state<k>_final_l<l>}. The network's parameters are read when a method runs;
 * {@link #numericalGradients} perturbs them in place and restores them.
 */
public final class RecurrentProblem {
    /** Half-width of generated inputs. */
    public static final double INPUT_SCALE = 1.0;
    /** Half-width of generated initial states. */
    public static final double STATE_SCALE = 0.5;
    /** Half-width of generated loss weights. */
    public static final double WEIGHT_SCALE = 1.0;

    private final Recurrent net;
    private final Tensor x;
    private final List<State> initialStates;
    private final Tensor outputWeights;
    private final List<State> finalStateWeights;
    /** Run as steps [0, split) then [split, T) from the first run's final states; 0: in one run. */
    private final int split;
    /** Each sequence's length (a variable-length batch), or null: every sequence runs all T steps. */
    private final int[] lengths;

    private RecurrentProblem(Recurrent net, Tensor x, List<State> initialStates, Tensor outputWeights,
                             List<State> finalStateWeights, int split) {
        this(net, x, initialStates, outputWeights, finalStateWeights, split, null);
    }

    private RecurrentProblem(Recurrent net, Tensor x, List<State> initialStates, Tensor outputWeights,
                             List<State> finalStateWeights, int split, int[] lengths) {
        this.net = net;
        this.split = split;
        this.lengths = lengths == null ? null : lengths.clone();
        this.x = x.detach();
        this.initialStates = detached(initialStates);
        this.outputWeights = outputWeights.detach();
        this.finalStateWeights = detached(finalStateWeights);
    }

    /**
     * A problem with the given values; checks every shape against one forward pass.
     *
     * @param x [T, B, I], float64
     * @param initialStates one per layer, shaped as the cells' {@code initialState(B, FLOAT64)}
     * @param outputWeights [T, B, H]
     * @param finalStateWeights one per layer, shaped as the states
     */
    public static RecurrentProblem of(Recurrent net, Tensor x, List<State> initialStates, Tensor outputWeights,
                                      List<State> finalStateWeights) {
        RecurrentProblem p = new RecurrentProblem(net, x, initialStates, outputWeights, finalStateWeights, 0);
        p.checkShapes();
        return p;
    }

    /** Uniform x, initial states and loss weights from {@code rng}, for {@code steps} T and {@code batch} B. */
    public static RecurrentProblem generate(Recurrent net, int steps, int batch, RandomGenerator rng) {
        if (steps < 1 || batch < 1) {
            throw new IllegalArgumentException("RecurrentProblem.generate: " + net + ": T=" + steps + ", B=" + batch
                    + " must be >= 1");
        }
        Tensor x = SeededTensors.uniform(rng, INPUT_SCALE, steps, batch, net.inputSize());
        List<State> states = new ArrayList<>();
        for (Cell cell : net.cells()) {
            states.add(SeededTensors.uniformLike(rng, STATE_SCALE, cell.initialState(batch, DType.FLOAT64)));
        }
        Tensor outputWeights = SeededTensors.uniform(rng, WEIGHT_SCALE, steps, batch, net.hiddenSize());
        List<State> stateWeights = new ArrayList<>();
        for (State s : states) {
            stateWeights.add(SeededTensors.uniformLike(rng, WEIGHT_SCALE, s));
        }
        return of(net, x, states, outputWeights, stateWeights);
    }

    /**
     * The same problem as a variable-length batch: sequence b is its first {@code lengths[b]} steps
     * ({@link Recurrent#forward(Tensor, int[], List)}); the loss weights past a length multiply padding (0).
     */
    public RecurrentProblem withLengths(int[] lengths) {
        if (split != 0) {
            throw new IllegalStateException("RecurrentProblem.withLengths: not on a split problem");
        }
        if (lengths.length != batch()) {
            throw new IllegalArgumentException("RecurrentProblem.withLengths: " + lengths.length + " lengths for B="
                    + batch());
        }
        for (int length : lengths) {
            if (length < 0 || length > steps()) {
                throw new IllegalArgumentException("RecurrentProblem.withLengths: length " + length + " outside [0, "
                        + steps() + "]");
            }
        }
        RecurrentProblem p = new RecurrentProblem(net, x, initialStates, outputWeights, finalStateWeights, 0, lengths);
        p.checkShapes();
        return p;
    }

    /** The lengths of a variable-length problem, or null. */
    public int[] lengths() {
        return lengths == null ? null : lengths.clone();
    }

    public Recurrent net() {
        return net;
    }

    public Tensor x() {
        return x;
    }

    public List<State> initialStates() {
        return initialStates;
    }

    public Tensor outputWeights() {
        return outputWeights;
    }

    public List<State> finalStateWeights() {
        return finalStateWeights;
    }

    public int steps() {
        return x.dim(0);
    }

    public int batch() {
        return x.dim(1);
    }

    /** The same inputs and loss weights on another network (e.g. a variant of the cell). */
    public RecurrentProblem on(Recurrent other) {
        RecurrentProblem p = of(other, x, initialStates, outputWeights, finalStateWeights);
        return lengths == null ? p : p.withLengths(lengths);
    }

    /** The problem on the first {@code steps} time steps of x (0 to T; 0 runs no step), same initial states. */
    public RecurrentProblem prefix(int steps) {
        if (steps < 0 || steps > steps()) {
            throw new IllegalArgumentException("RecurrentProblem.prefix: " + steps + " steps out of range 0.." + steps());
        }
        requireFixedLength("prefix");
        return of(net, x.narrow(0, 0, steps), initialStates, outputWeights.narrow(0, 0, steps), finalStateWeights);
    }

    /**
     * The same problem, run in two pieces: steps [0, k), then steps [k, T) from the first run's final states;
     * its outputs are the two runs' outputs concatenated. Same values and gradients as one run, to rounding,
     * for a cell whose state carries everything one step passes to the next.
     */
    public RecurrentProblem splitAt(int k) {
        if (k < 1 || k >= steps()) {
            throw new IllegalArgumentException("RecurrentProblem.splitAt: " + k + " not in 1.." + (steps() - 1)
                    + " for T=" + steps());
        }
        requireFixedLength("splitAt");
        return new RecurrentProblem(net, x, initialStates, outputWeights, finalStateWeights, k);
    }

    private void requireFixedLength(String op) {
        if (lengths != null) {
            throw new IllegalStateException("RecurrentProblem." + op + ": not on a variable-length problem");
        }
    }

    /** The problem restricted to sequence {@code b} of the batch (B = 1; with its length, when variable). */
    public RecurrentProblem sequence(int b) {
        if (b < 0 || b >= batch()) {
            throw new IllegalArgumentException("RecurrentProblem.sequence: index " + b + " out of range for batch "
                    + batch());
        }
        List<State> states = new ArrayList<>();
        List<State> weights = new ArrayList<>();
        for (int l = 0; l < initialStates.size(); l++) {
            states.add(row(initialStates.get(l), b));
            weights.add(row(finalStateWeights.get(l), b));
        }
        return new RecurrentProblem(net, x.narrow(1, b, 1), states, outputWeights.narrow(1, b, 1), weights, split,
                lengths == null ? null : new int[] {lengths[b]});
    }

    private RecurrentOutput run(Tensor input, List<State> states) {
        if (lengths != null) {
            return net.forward(input, lengths, states);
        }
        if (split == 0) {
            return net.forward(input, states);
        }
        RecurrentOutput first = net.forward(input.narrow(0, 0, split), states);
        RecurrentOutput rest = net.forward(input.narrow(0, split, input.dim(0) - split), first.finalStates());
        return new RecurrentOutput(Tensor.concat(List.of(first.outputs(), rest.outputs()), 0), rest.finalStates());
    }

    /** The loss for the given input and initial states, recorded when grad mode is on. */
    public Tensor loss(Tensor input, List<State> states) {
        RecurrentOutput out = run(input, states);
        Tensor loss = out.outputs().mul(outputWeights).sum();
        for (int l = 0; l < out.finalStates().size(); l++) {
            List<Tensor> fin = out.finalStates().get(l).tensors();
            for (int k = 0; k < fin.size(); k++) {
                loss = loss.add(fin.get(k).mul(finalStateWeights.get(l).get(k)).sum());
            }
        }
        return loss;
    }

    /** The loss value, without recording. */
    public double lossValue() {
        try (Grad.Scope off = Grad.off()) {
            return loss(x, initialStates).item();
        }
    }

    /** Forward values: {@code outputs} and every layer's final state tensors. */
    public Map<String, Tensor> values() {
        try (Grad.Scope off = Grad.off()) {
            RecurrentOutput out = run(x, initialStates);
            Map<String, Tensor> values = new LinkedHashMap<>();
            values.put("outputs", out.outputs());
            for (int l = 0; l < out.finalStates().size(); l++) {
                List<Tensor> fin = out.finalStates().get(l).tensors();
                for (int k = 0; k < fin.size(); k++) {
                    values.put(stateName(k, "final", net, l), fin.get(k));
                }
            }
            return values;
        }
    }

    /** Autograd's gradients of the loss: every parameter, {@code x}, and every initial state tensor. */
    public Map<String, Tensor> gradients() {
        Tensor input = x.detach().mul(1.0).requiresGrad_(true);
        List<State> states = new ArrayList<>();
        List<Tensor> leaves = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Map<String, Tensor> params = net.namedParameters();
        params.forEach((name, p) -> {
            names.add(name);
            leaves.add(p);
        });
        names.add(Attribution.INPUT);
        leaves.add(input);
        for (int l = 0; l < initialStates.size(); l++) {
            List<Tensor> fresh = new ArrayList<>();
            List<Tensor> tensors = initialStates.get(l).tensors();
            for (int k = 0; k < tensors.size(); k++) {
                Tensor leaf = tensors.get(k).detach().mul(1.0).requiresGrad_(true);
                fresh.add(leaf);
                names.add(stateName(k, "0", net, l));
                leaves.add(leaf);
            }
            states.add(new State(fresh));
        }
        List<Tensor> grads;
        try (Grad.Scope on = Grad.on()) {
            grads = Grad.grad(loss(input, states), leaves);
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), grads.get(i));
        }
        return out;
    }

    /**
     * The same gradients by central differences {@code (L(v + eps) - L(v - eps)) / (2 eps)}, entry by entry:
     * two forward passes per entry. Parameters are perturbed in place and restored.
     */
    public Map<String, Tensor> numericalGradients(double eps) {
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("RecurrentProblem.numericalGradients: eps " + eps + " must be finite and > 0");
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (Grad.Scope off = Grad.off()) {
            net.namedParameters().forEach((name, p) -> out.put(name, differentiateParameter(p, eps)));
            out.put(Attribution.INPUT, differentiate(x, eps, moved -> loss(moved, initialStates).item()));
            for (int l = 0; l < initialStates.size(); l++) {
                List<Tensor> tensors = initialStates.get(l).tensors();
                for (int k = 0; k < tensors.size(); k++) {
                    int layer = l;
                    int index = k;
                    out.put(stateName(k, "0", net, l), differentiate(tensors.get(k), eps,
                            moved -> loss(x, replaced(layer, index, moved)).item()));
                }
            }
        }
        return out;
    }

    /** State tensor {@code k} of layer {@code l}: h (k = 0), c (k = 1), state{k}_ beyond; {@code when} "0" or "final". */
    public static String stateName(int k, String when, int layer) {
        return stateName(k, when, "_l" + layer);
    }

    /** The same for cell {@code cell} of {@code net}: {@code h0_l0_reverse} for a bidirectional stack's cell 1. */
    public static String stateName(int k, String when, Recurrent net, int cell) {
        return stateName(k, when, Parameters.suffix(net, cell));
    }

    private static String stateName(int k, String when, String suffix) {
        String stem = k == 0 ? "h" : k == 1 ? "c" : "state" + k + "_";
        return stem + ("0".equals(when) ? "0" : "_" + when) + suffix;
    }

    private Tensor differentiateParameter(Tensor p, double eps) {
        double[] base = p.toDoubleArray();
        double[] gradient = new double[base.length];
        try {
            for (int e = 0; e < base.length; e++) {
                double[] moved = base.clone();
                moved[e] = base[e] + eps;
                p.copy_(Tensor.of(moved, p.shape()));
                double plus = lossValue();
                moved[e] = base[e] - eps;
                p.copy_(Tensor.of(moved, p.shape()));
                double minus = lossValue();
                gradient[e] = (plus - minus) / (2 * eps);
            }
        } finally {
            p.copy_(Tensor.of(base, p.shape()));
        }
        return Tensor.of(gradient, p.shape());
    }

    private interface LossAt {
        double at(Tensor moved);
    }

    private static Tensor differentiate(Tensor t, double eps, LossAt loss) {
        double[] base = t.toDoubleArray();
        double[] gradient = new double[base.length];
        for (int e = 0; e < base.length; e++) {
            double[] moved = base.clone();
            moved[e] = base[e] + eps;
            double plus = loss.at(Tensor.of(moved, t.shape()));
            moved[e] = base[e] - eps;
            double minus = loss.at(Tensor.of(moved, t.shape()));
            gradient[e] = (plus - minus) / (2 * eps);
        }
        return Tensor.of(gradient, t.shape());
    }

    private List<State> replaced(int layer, int index, Tensor value) {
        List<State> states = new ArrayList<>(initialStates);
        List<Tensor> tensors = new ArrayList<>(states.get(layer).tensors());
        tensors.set(index, value);
        states.set(layer, new State(tensors));
        return states;
    }

    private void checkShapes() {
        String op = "RecurrentProblem.of: " + net;
        if (x.dtype() != DType.FLOAT64 || x.rank() != 3 || x.dim(2) != net.inputSize()) {
            throw new IllegalArgumentException(op + ": x must be float64 [T, B, " + net.inputSize() + "], got " + x.dtype()
                    + " " + x.shape());
        }
        if (initialStates.size() != net.cells().size() || finalStateWeights.size() != net.cells().size()) {
            throw new IllegalArgumentException(op + ": needs " + net.cells().size() + " initial states and final-state"
                    + " weights, got " + initialStates.size() + " and " + finalStateWeights.size());
        }
        for (Map.Entry<String, Tensor> p : net.namedParameters().entrySet()) {
            if (p.getValue().dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException(op + ": parameter " + p.getKey() + " " + p.getValue().shape() + " is "
                        + p.getValue().dtype() + "; gradient checks need float64 (make the cell with DType.FLOAT64)");
            }
        }
        Map<String, Tensor> values = values();
        requireShape(op, "outputWeights", outputWeights, values.get("outputs"));
        for (int l = 0; l < net.cells().size(); l++) {
            State s = initialStates.get(l);
            State w = finalStateWeights.get(l);
            if (s.size() != w.size()) {
                throw new IllegalArgumentException(op + ": layer " + l + " initial state " + s + " and final-state weights "
                        + w + " hold different numbers of tensors");
            }
            for (int k = 0; k < s.size(); k++) {
                Tensor fin = values.get(stateName(k, "final", net, l));
                if (fin == null) {
                    throw new IllegalArgumentException(op + ": layer " + l + " initial state " + s
                            + " has more tensors than the final state");
                }
                requireShape(op, "initial state " + stateName(k, "0", net, l), s.get(k), fin);
                requireShape(op, "final-state weight " + stateName(k, "final", net, l), w.get(k), fin);
            }
        }
    }

    private static void requireShape(String op, String what, Tensor t, Tensor like) {
        if (!t.shape().equals(like.shape()) || t.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException(op + ": " + what + " must be float64 " + like.shape() + ", got " + t.dtype()
                    + " " + t.shape());
        }
    }

    private static State row(State s, int b) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : s.tensors()) {
            out.add(t.narrow(0, b, 1));
        }
        return new State(out);
    }

    private static List<State> detached(List<State> states) {
        List<State> out = new ArrayList<>();
        for (State s : states) {
            out.add(s.detach());
        }
        return List.copyOf(out);
    }
}
