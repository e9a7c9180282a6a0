package io.github.tapegrad.nn.check;

import io.github.tapegrad.autograd.Shape;
import io.github.tapegrad.autograd.Tensor;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * One layer's parameters as plain doubles, by the cell's local names, for a {@link CellReference}: a
 * snapshot taken when made; every accessor returns a fresh copy. A wrong name or rank throws naming the
 * parameter and the ones there are.
 */
public final class ReferenceParameters {
    private final String cell;
    private final int inputSize;
    private final int hiddenSize;
    private final Map<String, double[]> values = new LinkedHashMap<>();
    private final Map<String, Shape> shapes = new LinkedHashMap<>();

    private ReferenceParameters(String cell, int inputSize, int hiddenSize, Map<String, Tensor> parameters) {
        this.cell = cell;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        parameters.forEach((name, t) -> {
            values.put(name, t.toDoubleArray());
            shapes.put(name, t.shape());
        });
    }

    /**
     * A snapshot of {@code parameters} (local names) of a cell of these sizes.
     *
     * @param cell names the cell in messages
     */
    public static ReferenceParameters of(String cell, int inputSize, int hiddenSize, Map<String, Tensor> parameters) {
        return new ReferenceParameters(cell, inputSize, hiddenSize, parameters);
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** A parameter of rank 0 or 1, e.g. {@code bias_ih} [4H]. */
    public double[] vector(String name) {
        Shape s = shape(name, "vector");
        if (s.rank() > 1) {
            throw wrongRank(name, s, "vector", "matrix");
        }
        return values.get(name).clone();
    }

    /** A parameter of rank 2, row-major [rows][cols], e.g. {@code weight_ih} [4H][I]. */
    public double[][] matrix(String name) {
        Shape s = shape(name, "matrix");
        if (s.rank() != 2) {
            throw wrongRank(name, s, "matrix", "vector");
        }
        double[] flat = values.get(name);
        double[][] out = new double[s.dim(0)][];
        for (int r = 0; r < out.length; r++) {
            out[r] = Arrays.copyOfRange(flat, r * s.dim(1), (r + 1) * s.dim(1));
        }
        return out;
    }

    private Shape shape(String name, String accessor) {
        Shape s = shapes.get(name);
        if (s == null) {
            throw new IllegalArgumentException("ReferenceParameters." + accessor + "(\"" + name + "\"): " + cell
                    + " has no parameter " + name + "; its parameters: " + this);
        }
        return s;
    }

    private IllegalArgumentException wrongRank(String name, Shape s, String accessor, String other) {
        return new IllegalArgumentException("ReferenceParameters." + accessor + "(\"" + name + "\"): " + name + " is "
                + s + (s.rank() <= 2 ? ", use " + other + "(\"" + name + "\")" : ", neither a vector nor a matrix"));
    }

    /** {@code {weight_ih [8, 3], ...}}. */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        shapes.forEach((name, s) -> j.add(name + " " + s));
        return j.toString();
    }
}
