package io.github.tapegrad.autograd.kernels;

/** Elementwise functions of two arrays; comparisons give 1 or 0. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, EQ, GT, GE, LT, LE,
    /** a * b * (1 - b): sigmoid's derivative from the upstream gradient a and the output b. */
    SIGMOID_GRAD,
    /** a * (1 - b * b): tanh's derivative from the upstream gradient a and the output b. */
    TANH_GRAD
}
