package io.github.tapegrad.examples.cli;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.examples.UserInputException;
import io.github.tapegrad.examples.cli.SizeCheck.TensorSize;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.CellFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * What the up-front size check needs to know about a cell, for any cell, read from small instances of it rather
 * than assumed: the shape of every parameter as a function of the input size I and the hidden size H, its state
 * tensors and its gate blocks.
 *
 * <p>Shapes: the cell is built at (I, H) = (3, 4), (5, 4) and (3, 8), each dimension of each parameter is solved
 * for a·I + b·H + c, and the solution is verified on cells built at (5, 8) and (7, 12). A cell whose parameters do not
 * grow that way (an [H·H] parameter, say) is refused with a message saying so, since no estimate could be honest.
 *
 * <p>Memory: {@link #keptPerStep()}, the multiples of H a layer holds per time step and sequence during a training
 * step, is {@value #KEPT_PER_BLOCK} per gate block and per state tensor: each is at least a forward value, its
 * gradient and the tape's temporaries for it. The figure is a floor, set below what whole training steps measured:
 * the heap held 35.6 H per layer for LSTM (4 gate blocks, 2 state tensors), 36.9 for GRU (3, 1), 12.4 for RNN (1, 1)
 * and 51.4 for a peephole LSTM (4, 2) after a forward pass (H = 1024, B = 32, T = 35, float32, with the buffers the
 * pool kept from the previous backward); the bytes one layer's forward and backward allocated (H = 128, B = 16,
 * plain-Java kernels, 6 steps minus 2) gave LSTM 32.5, GRU 42.6, RNN 10.4, the peephole LSTM 59.0, MGU (2, 1) 31.0
 * and FGR (4, 5) 83.7. That is 5.2 to 10.7 H per gate block or state tensor; {@value #KEPT_PER_BLOCK} is about three
 * quarters of the least, the margin the examples' estimates always kept. So a run the check refuses cannot fit, and
 * one it lets through may still run out (then reported in one line). The estimate counts what a cell declares; a
 * cell that computes much more per step than its gate blocks and state (FGR) is underestimated most.
 *
 * @param name         the cell's name, for messages
 * @param stateTensors the state tensors per step (h; or h and c)
 * @param gates        the distinct gate blocks the cell's parameters pack, over all of them (0 if it declares none)
 * @param inputGates   the gate blocks of its input projection: each step's input side is [B, inputGates·H]; 0 when
 *                     the cell declares none and steps receive x itself
 * @param parameters   every parameter of one cell, by local name, in registration order
 * @param keptPerStep  multiples of H a layer holds per step and sequence in a training step
 */
public record CellProfile(String name, int stateTensors, int gates, int inputGates, List<ParameterShape> parameters,
                          int keptPerStep) {

    /** Multiples of H kept per step and sequence for each gate block and each state tensor (see the class comment). */
    public static final int KEPT_PER_BLOCK = 4;

    /** (I, H) the shapes are solved from: the first, one more input, one more hidden. */
    private static final int[][] PROBES = {{3, 4}, {5, 4}, {3, 8}};
    /** (I, H) the solution must also give; the second catches terms in H² or I·H the first three cannot. */
    private static final int[][] CHECKS = {{5, 8}, {7, 12}};

    public CellProfile {
        parameters = List.copyOf(parameters);
    }

    /** One dimension of a parameter: perInput·I + perHidden·H + constant. */
    public record Dim(double perInput, double perHidden, double constant) {
        public double at(double input, double hidden) {
            return perInput * input + perHidden * hidden + constant;
        }
    }

    /** A parameter of the cell, e.g. weight_ih [4·H, I]. */
    public record ParameterShape(String name, List<Dim> dims) {
        public ParameterShape {
            dims = List.copyOf(dims);
        }

        public double[] at(double input, double hidden) {
            return dims.stream().mapToDouble(d -> d.at(input, hidden)).toArray();
        }

        public double elements(double input, double hidden) {
            double n = 1;
            for (double d : at(input, hidden)) {
                n *= d;
            }
            return n;
        }
    }

    /**
     * Builds {@code factory}'s cell at the probe sizes and reads what it is.
     *
     * @throws UserInputException if the cell cannot be built at a probe size, or its parameters' shapes are not
     *     linear in I and H
     */
    public static CellProfile of(String name, CellFactory<? extends Cell> factory) {
        List<Map<String, int[]>> probed = new ArrayList<>();
        Cell first = null;
        for (int[] size : PROBES) {
            Cell cell = build(name, factory, size[0], size[1]);
            first = first == null ? cell : first;
            probed.add(shapes(cell));
        }
        List<ParameterShape> parameters = new ArrayList<>();
        for (Map.Entry<String, int[]> e : probed.get(0).entrySet()) {
            String p = e.getKey();
            int[] base = e.getValue();
            int[] moreInput = probed.get(1).get(p);
            int[] moreHidden = probed.get(2).get(p);
            if (moreInput == null || moreHidden == null || moreInput.length != base.length
                    || moreHidden.length != base.length) {
                throw notLinear(name, p, "it is not there, or has another rank, at every size");
            }
            List<Dim> dims = new ArrayList<>();
            for (int k = 0; k < base.length; k++) {
                double a = (moreInput[k] - base[k]) / (double) (PROBES[1][0] - PROBES[0][0]);
                double b = (moreHidden[k] - base[k]) / (double) (PROBES[2][1] - PROBES[0][1]);
                dims.add(new Dim(a, b, base[k] - a * PROBES[0][0] - b * PROBES[0][1]));
            }
            parameters.add(new ParameterShape(p, dims));
        }
        for (int[] size : CHECKS) {
            Map<String, int[]> actual = shapes(build(name, factory, size[0], size[1]));
            if (!actual.keySet().equals(probed.get(0).keySet())) {
                throw notLinear(name, "set", "its parameters differ between sizes: " + probed.get(0).keySet()
                        + " vs " + actual.keySet());
            }
            for (ParameterShape p : parameters) {
                double[] predicted = p.at(size[0], size[1]);
                int[] got = actual.get(p.name());
                for (int k = 0; k < got.length; k++) {
                    if (got[k] != predicted[k]) {
                        throw notLinear(name, p.name(), "at I = " + size[0] + ", H = " + size[1] + " it is "
                                + java.util.Arrays.toString(got) + ", not the "
                                + describe(predicted) + " its shapes at smaller sizes imply");
                    }
                }
            }
        }
        Set<String> gateNames = new HashSet<>();
        first.gateBlocks().values().forEach(gateNames::addAll);
        int states = first.stateNames().size();
        return new CellProfile(name, states, gateNames.size(), first.gateNames().size(), parameters,
                KEPT_PER_BLOCK * (gateNames.size() + states));
    }

    /** This profile with another memory figure (e.g. a hand-written implementation's own). */
    public CellProfile withKeptPerStep(int kept) {
        return new CellProfile(name, stateTensors, gates, inputGates, parameters, kept);
    }

    /** Parameters of one cell with {@code input} features and hidden size {@code hidden}. */
    public double parameterCount(double input, double hidden) {
        return parameters.stream().mapToDouble(p -> p.elements(input, hidden)).sum();
    }

    /** Every parameter of layer {@code layer} as the stack names it, {@code prefix.weight_ih_l0}. */
    public List<TensorSize> tensors(String prefix, int layer, double input, double hidden) {
        List<TensorSize> out = new ArrayList<>();
        for (ParameterShape p : parameters) {
            out.add(new TensorSize(prefix + "." + p.name() + "_l" + layer, p.at(input, hidden)));
        }
        return out;
    }

    /**
     * The gate blocks stacked in {@code weight_ih}, its rows ÷ H, as text; "-" when the cell has no
     * {@code weight_ih} or its rows are no whole multiple of H.
     */
    public String weightIhBlocks() {
        for (ParameterShape p : parameters) {
            if (p.name().equals("weight_ih") && !p.dims().isEmpty()) {
                Dim rows = p.dims().get(0);
                if (rows.perInput() == 0 && rows.constant() == 0 && rows.perHidden() == Math.rint(rows.perHidden())
                        && rows.perHidden() > 0) {
                    return Integer.toString((int) rows.perHidden());
                }
            }
        }
        return "-";
    }

    private static Cell build(String name, CellFactory<? extends Cell> factory, int input, int hidden) {
        Cell cell;
        try {
            cell = factory.create(CellConfig.of(input, hidden).rng(new SplittableRandom(0)));
        } catch (RuntimeException e) {
            String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new UserInputException("cell " + name + ": cannot build it at input size " + input + ", hidden size "
                    + hidden + " to read its parameters: " + why, e);
        }
        if (cell == null || cell.inputSize() != input || cell.hiddenSize() != hidden) {
            throw new UserInputException("cell " + name + ": asked for input size " + input + ", hidden size " + hidden
                    + ", its factory made " + cell);
        }
        return cell;
    }

    private static Map<String, int[]> shapes(Cell cell) {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : cell.namedParameters().entrySet()) {
            out.put(e.getKey(), e.getValue().shape().toArray());
        }
        return out;
    }

    private static UserInputException notLinear(String name, String parameter, String why) {
        return new UserInputException("cell " + name + ": parameter " + parameter + " does not grow as a·I + b·H + c "
                + "with the input size I and the hidden size H (" + why + "), which the up-front size check assumes");
    }

    private static String describe(double[] dims) {
        return "[" + java.util.Arrays.stream(dims).mapToObj(d -> String.format(Locale.ROOT, "%.0f", d))
                .collect(Collectors.joining(", ")) + "]";
    }
}
