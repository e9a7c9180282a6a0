package io.github.tapegrad.examples.data;

import java.util.Arrays;

/**
 * One minibatch of token indices: {@code x[b][t]} is the input at step t of row b and {@code y[b][t]} the token
 * that follows it in the corpus (the training target). Both are {@code batchSize x numSteps}; the arrays are
 * copied in and out so a minibatch cannot change after it is made.
 */
public record Minibatch(int[][] x, int[][] y) {

    public Minibatch {
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("Minibatch: x has " + x.length + " rows and y has " + y.length
                    + "; need the same number, at least 1");
        }
        int steps = x[0].length;
        for (int b = 0; b < x.length; b++) {
            if (x[b].length != steps || y[b].length != steps) {
                throw new IllegalArgumentException("Minibatch: row " + b + " has x length " + x[b].length
                        + " and y length " + y[b].length + ", expected " + steps);
            }
        }
        x = deepCopy(x);
        y = deepCopy(y);
    }

    @Override
    public int[][] x() {
        return deepCopy(x);
    }

    @Override
    public int[][] y() {
        return deepCopy(y);
    }

    /** Input token at row {@code b}, step {@code t}, without copying the whole batch. */
    public int x(int b, int t) {
        return x[b][t];
    }

    /** Target token at row {@code b}, step {@code t}. */
    public int y(int b, int t) {
        return y[b][t];
    }

    public int batchSize() {
        return x.length;
    }

    public int numSteps() {
        return x[0].length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Minibatch m && Arrays.deepEquals(x, m.x) && Arrays.deepEquals(y, m.y);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(x) + Arrays.deepHashCode(y);
    }

    @Override
    public String toString() {
        return "Minibatch[x=" + Arrays.deepToString(x) + ", y=" + Arrays.deepToString(y) + "]";
    }

    private static int[][] deepCopy(int[][] rows) {
        int[][] copy = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            copy[i] = rows[i].clone();
        }
        return copy;
    }
}
