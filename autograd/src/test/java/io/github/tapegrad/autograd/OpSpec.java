package io.github.tapegrad.autograd;

import io.github.tapegrad.autograd.check.GradCheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * One row of the op table: the op's name, the name its errors carry, one value domain per input (its
 * arity), how input shapes are generated, the function under test, the gradient-check tolerance, how
 * to misuse the op (null when no shape can be wrong), and which tensors its backward reads.
 */
record OpSpec(String name, String errorName, List<Domain> domains, ShapeRule shapes,
              Function<List<Tensor>, Tensor> fn, GradCheck.Tolerance tolerance, Misuse misuse, Saved saved) {

    /**
     * The row's inputs (and whether its output) that the backward reads, and the primitive that saves them:
     * an in-place change to one of them after the forward must make backward throw naming that primitive;
     * a change to any other must leave the gradient as it was.
     */
    record Saved(String by, Set<Integer> inputs, boolean output) {
        static final Saved NOTHING = new Saved(null, Set.of(), false);
    }

    /** Input shapes for a generated case, one per domain. */
    @FunctionalInterface
    interface ShapeRule {
        List<Shape> shapes(OpCase c);
    }

    /**
     * A call that must be rejected: input shapes, the call (null means the row's function), and strings the
     * message must contain besides the op name and every operand's shape (e.g. a bad dimension).
     */
    record BadCall(List<Shape> shapes, Function<List<Tensor>, Tensor> call, List<String> mentions) {
        BadCall {
            shapes = List.copyOf(shapes);
            mentions = List.copyOf(mentions);
        }

        static BadCall of(Shape... shapes) {
            return new BadCall(List.of(shapes), null, List.of());
        }
    }

    /** Builds an invalid call from a case. */
    @FunctionalInterface
    interface Misuse {
        BadCall make(OpCase c);
    }

    OpSpec {
        domains = List.copyOf(domains);
    }

    static OpSpec op(String name, ShapeRule shapes, Function<List<Tensor>, Tensor> fn, Domain... domains) {
        return new OpSpec(name, baseName(name), List.of(domains), shapes, fn, GradCheck.Tolerance.DEFAULT, null,
                Saved.NOTHING);
    }

    /** "sum(0)" and "matmul 2-D" report errors as "sum" and "matmul". */
    private static String baseName(String rowName) {
        int end = rowName.length();
        for (int i = 0; i < rowName.length(); i++) {
            if (rowName.charAt(i) == '(' || rowName.charAt(i) == ' ') {
                end = i;
                break;
            }
        }
        return rowName.substring(0, end);
    }

    OpSpec errorName(String n) {
        return new OpSpec(name, n, domains, shapes, fn, tolerance, misuse, saved);
    }

    OpSpec tolerance(GradCheck.Tolerance t) {
        return new OpSpec(name, errorName, domains, shapes, fn, t, misuse, saved);
    }

    OpSpec misuse(Misuse m) {
        return new OpSpec(name, errorName, domains, shapes, fn, tolerance, m, saved);
    }

    /** The primitive {@code by} saves these inputs for backward. */
    OpSpec saves(String by, int... inputs) {
        Set<Integer> in = new TreeSet<>();
        for (int i : inputs) in.add(i);
        return new OpSpec(name, errorName, domains, shapes, fn, tolerance, misuse, new Saved(by, in, saved.output()));
    }

    /** The primitive {@code by} saves the row's output for backward. */
    OpSpec savesOutput(String by) {
        return new OpSpec(name, errorName, domains, shapes, fn, tolerance, misuse, new Saved(by, saved.inputs(), true));
    }

    int arity() {
        return domains.size();
    }

    /** float64 inputs with the case's shapes and values drawn from each input's domain. */
    List<Tensor> inputs(OpCase c) {
        return fill(shapes.shapes(c), domains, c.seed());
    }

    static List<Tensor> fill(List<Shape> shapes, List<Domain> domains, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Tensor> xs = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            Domain d = i < domains.size() ? domains.get(i) : Domain.any();
            xs.add(Tensor.of(d.sample(shapes.get(i).numel(), rng), shapes.get(i)));
        }
        return xs;
    }

    @Override
    public String toString() {
        return name;
    }
}
