package io.github.tapegrad.nn.check;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.Recurrent;
import io.github.tapegrad.nn.State;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link CellReference} beside the cell on one {@link RecurrentProblem} and compares them at every
 * step: the cell's states at step t are the final states of the problem's first t + 1 steps (the cell runs
 * only through {@link Recurrent}), the reference's come from stepping it per sequence, layer l fed by its
 * own outputs of layer l - 1. Errors of the reference itself (it throws, or returns the wrong layout) are
 * configuration errors, never the cell's.
 */
final class ReferenceComparison {
    /** Two evaluations of the same formulas in float64 differ by rounding only. */
    static final double ATOL = 1e-10;
    static final double RTOL = 1e-9;

    private ReferenceComparison() {
    }

    /** The first mismatch, or null when every state at every step and the outputs agree. */
    static ReferenceMismatch compare(RecurrentProblem problem, CellReference reference) {
        Recurrent net = problem.net();
        if (net.bidirectional() || problem.lengths() != null) {
            throw new MisconfiguredCheck("ReferenceComparison: compares a unidirectional stack on full-length "
                    + "sequences, got " + net + (problem.lengths() != null ? " with lengths" : ""));
        }
        int steps = problem.steps();
        int batch = problem.batch();
        int layers = net.numLayers();
        if (steps == 0) {
            return null; // no step to compare; the zero-length property covers T = 0
        }
        // [layer][k][t] flat [B * width], the cell's and the reference's
        double[][][][] got = new double[layers][][][];
        double[][][][] want = expected(problem, reference);
        for (int l = 0; l < layers; l++) {
            got[l] = new double[want[l].length][steps][];
        }
        Map<String, Tensor> values = Map.of();
        for (int t = 0; t < steps; t++) {
            values = problem.prefix(t + 1).values();
            for (int l = 0; l < layers; l++) {
                for (int k = 0; k < got[l].length; k++) {
                    Tensor fin = values.get(RecurrentProblem.stateName(k, "final", l));
                    got[l][k][t] = fin == null ? new double[0] : fin.toDoubleArray();
                }
            }
        }
        double[] outputs = values.get("outputs").toDoubleArray(); // [T, B, H]
        int hidden = net.hiddenSize();

        ReferenceMismatch first = null;
        int mismatches = 0;
        int entries = 0;
        for (int t = 0; t < steps; t++) {
            for (int l = 0; l < layers; l++) {
                List<ReferenceMismatch.Entry> here = new ArrayList<>();
                for (int k = 0; k < want[l].length; k++) {
                    double[] e = want[l][k][t];
                    double[] a = got[l][k][t];
                    String name = k == 0 ? "h" : k == 1 ? "c" : "state" + k;
                    if (a.length != e.length) {
                        throw new MisconfiguredCheck("CellCheck.reference: layer " + l + " state tensor " + name
                                + " has " + a.length / batch + " entries per sequence, the reference's "
                                + e.length / batch);
                    }
                    entries += e.length;
                    ReferenceMismatch.Entry firstHere = null;
                    for (int i = 0; i < e.length; i++) {
                        if (!close(a[i], e[i])) {
                            mismatches++;
                            if (firstHere == null) {
                                int width = e.length / batch;
                                firstHere = new ReferenceMismatch.Entry(name, i / width, i % width, e[i], a[i]);
                            }
                        }
                    }
                    if (firstHere != null) {
                        here.add(firstHere);
                    }
                }
                if (l == layers - 1) { // outputs[t] is the last layer's h at t
                    double[] e = want[l][0][t];
                    ReferenceMismatch.Entry firstHere = null;
                    entries += e.length;
                    for (int i = 0; i < e.length; i++) {
                        double a = outputs[t * batch * hidden + i];
                        if (!close(a, e[i])) {
                            mismatches++;
                            if (firstHere == null) {
                                firstHere = new ReferenceMismatch.Entry("outputs", i / hidden, i % hidden, e[i], a);
                            }
                        }
                    }
                    if (firstHere != null) {
                        here.add(firstHere);
                    }
                }
                if (first == null && !here.isEmpty()) {
                    first = new ReferenceMismatch(t, l, here, 0, 0);
                }
            }
        }
        return first == null ? null
                : new ReferenceMismatch(first.step(), first.layer(), first.first(), mismatches, entries);
    }

    private static boolean close(double actual, double expected) {
        return Math.abs(actual - expected) <= ATOL + RTOL * Math.abs(expected); // false for NaN
    }

    /** The reference's states, [layer][k][t] flat [B * width]. */
    private static double[][][][] expected(RecurrentProblem problem, CellReference reference) {
        Recurrent net = problem.net();
        if (net.bidirectional() || problem.lengths() != null) {
            throw new MisconfiguredCheck("ReferenceComparison: compares a unidirectional stack on full-length "
                    + "sequences, got " + net + (problem.lengths() != null ? " with lengths" : ""));
        }
        int steps = problem.steps();
        int batch = problem.batch();
        double[] x = problem.x().toDoubleArray(); // [T, B, I]
        int inputSize = net.inputSize();
        double[][][] layerInput = new double[steps][batch][]; // [t][b] -> [in]
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                int at = (t * batch + b) * inputSize;
                layerInput[t][b] = Arrays.copyOfRange(x, at, at + inputSize);
            }
        }
        double[][][][] out = new double[net.numLayers()][][][];
        for (int l = 0; l < net.numLayers(); l++) {
            Cell cell = net.cell(l);
            ReferenceParameters p = ReferenceParameters.of(cell.toString(), cell.inputSize(), cell.hiddenSize(),
                    Parameters.local(net, l));
            State init = problem.initialStates().get(l);
            int count = init.size();
            int[] widths = new int[count];
            double[][] initial = new double[count][];
            for (int k = 0; k < count; k++) {
                widths[k] = init.get(k).numel() / batch;
                initial[k] = init.get(k).toDoubleArray();
            }
            out[l] = new double[count][steps][];
            for (int k = 0; k < count; k++) {
                for (int t = 0; t < steps; t++) {
                    out[l][k][t] = new double[batch * widths[k]];
                }
            }
            double[][][] nextInput = new double[steps][batch][];
            for (int b = 0; b < batch; b++) {
                double[][] state = new double[count][];
                for (int k = 0; k < count; k++) {
                    state[k] = Arrays.copyOfRange(initial[k], b * widths[k], (b + 1) * widths[k]);
                }
                for (int t = 0; t < steps; t++) {
                    state = step(reference, p, layerInput[t][b], state, widths, cell, l, t, b);
                    for (int k = 0; k < count; k++) {
                        System.arraycopy(state[k], 0, out[l][k][t], b * widths[k], widths[k]);
                    }
                    nextInput[t][b] = state[0].clone();
                }
            }
            layerInput = nextInput;
        }
        return out;
    }

    private static double[][] step(CellReference reference, ReferenceParameters p, double[] x, double[][] state,
                                   int[] widths, Cell cell, int layer, int t, int b) {
        String where = "CellCheck.reference: for " + cell + ", layer " + layer + ", t=" + t + ", sequence b=" + b;
        double[][] copy = new double[state.length][];
        for (int k = 0; k < state.length; k++) {
            copy[k] = state[k].clone();
        }
        double[][] next;
        try {
            next = reference.step(p, x.clone(), copy);
        } catch (RuntimeException e) {
            throw new MisconfiguredCheck(where + ", the reference threw " + e, e);
        }
        int[] lengths = new int[next == null ? 0 : next.length];
        boolean fits = next != null && next.length == widths.length;
        for (int k = 0; k < lengths.length; k++) {
            lengths[k] = next[k] == null ? -1 : next[k].length;
            fits &= k < widths.length && lengths[k] == widths[k];
        }
        if (!fits) {
            throw new MisconfiguredCheck(where + ", the reference returned " + (next == null ? "null"
                    : next.length + " state tensors of lengths " + Arrays.toString(lengths)) + "; the cell's state is "
                    + widths.length + " tensors of lengths " + Arrays.toString(widths) + " per sequence");
        }
        return next;
    }
}
