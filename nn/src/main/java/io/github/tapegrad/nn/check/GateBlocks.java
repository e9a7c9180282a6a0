package io.github.tapegrad.nn.check;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.Recurrent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How packed gate weights are laid out, for attributing a mismatch to a gate: a tensor packing gates
 * {@code [i, f, g, o]} holds one block of rows per gate, in order, in its first dimension (PyTorch's LSTM:
 * i, f, g, o; GRU: r, z, n). Either per tensor by name ({@link #declared}: what each cell's
 * {@link Cell#gateBlocks()} says, {@code weight_ih_l0 -> [i, f, g, o]}), or one list for every tensor
 * whose first dimension is {@code names.size() * hiddenSize} ({@link #of}). A layout with fewer than two
 * gates attributes nothing.
 *
 * @param hiddenSize block height for {@code names}
 * @param names gates of every tensor with {@code names.size() * hiddenSize} rows not listed in {@code byTensor}
 * @param byTensor gates by tensor name; each tensor's blocks are its first dimension over the number of gates
 */
public record GateBlocks(int hiddenSize, List<String> names, Map<String, List<String>> byTensor) {

    public GateBlocks {
        if (hiddenSize < 1) {
            throw new IllegalArgumentException("GateBlocks: hiddenSize " + hiddenSize + " must be >= 1");
        }
        names = List.copyOf(names);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        byTensor.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        byTensor = Collections.unmodifiableMap(copy);
    }

    /** Gates {@code names} in every tensor whose first dimension is {@code names.length * hiddenSize}. */
    public static GateBlocks of(int hiddenSize, String... names) {
        return new GateBlocks(hiddenSize, List.of(names), Map.of());
    }

    /** No gate attribution. */
    public static GateBlocks none(int hiddenSize) {
        return new GateBlocks(hiddenSize, List.of(), Map.of());
    }

    /**
     * The blocks each cell declares ({@link Cell#gateBlocks()}, local names) under the stack's names
     * ({@code weight_ih} of layer l is {@code weight_ih_l<l>}, of its reverse cell {@code weight_ih_l<l>_reverse}). Throws when a cell declares a parameter it does
     * not have, or a layout whose rows are not {@code gates * hiddenSize}.
     */
    public static GateBlocks declared(Recurrent net) {
        Map<String, Tensor> params = net.namedParameters();
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int l = 0; l < net.cells().size(); l++) {
            Cell cell = net.cell(l);
            for (Map.Entry<String, List<String>> e : cell.gateBlocks().entrySet()) {
                String name = e.getKey() + Parameters.suffix(net, l);
                Tensor p = params.get(name);
                int rows = e.getValue().size() * cell.hiddenSize();
                if (p == null || p.rank() == 0 || p.dim(0) != rows) {
                    throw new MisconfiguredCheck(cell + ".gateBlocks() declares " + e.getKey() + " packs "
                            + e.getValue() + " (" + e.getValue().size() + " blocks of hiddenSize " + cell.hiddenSize()
                            + " = " + rows + " rows), but " + (p == null ? "the cell has no parameter " + e.getKey()
                            + "; its parameters: " + Parameters.local(net, l).keySet()
                            : e.getKey() + " is " + p.shape()));
                }
                out.put(name, e.getValue());
            }
        }
        return new GateBlocks(net.hiddenSize(), List.of(), out);
    }

    /**
     * Gates {@code names} in every parameter of {@code net} whose first dimension is
     * {@code names.size()} times its layer's hidden size (an explicit override of what cells declare).
     */
    public static GateBlocks override(Recurrent net, List<String> names) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int l = 0; l < net.cells().size(); l++) {
            int rows = names.size() * net.cell(l).hiddenSize();
            for (Map.Entry<String, Tensor> p : Parameters.local(net, l).entrySet()) {
                if (p.getValue().rank() > 0 && p.getValue().dim(0) == rows) {
                    out.put(p.getKey() + Parameters.suffix(net, l), names);
                }
            }
        }
        if (out.isEmpty()) {
            throw new MisconfiguredCheck("CellCheck.gates(" + names + "): no parameter of " + net.cell(0) + " has "
                    + names.size() + " * hiddenSize rows; parameters " + Parameters.local(net, 0).keySet());
        }
        return new GateBlocks(net.hiddenSize(), List.of(), out);
    }

    /** The gates packed in tensor {@code name} with {@code firstDimension} rows, in block order; empty for none. */
    public List<String> gatesOf(String name, int firstDimension) {
        List<String> gates = byTensor.get(name);
        if (gates != null) {
            return gates.size() > 1 && firstDimension % gates.size() == 0 ? gates : List.of();
        }
        return names.size() > 1 && firstDimension == (long) names.size() * hiddenSize ? names : List.of();
    }
}
