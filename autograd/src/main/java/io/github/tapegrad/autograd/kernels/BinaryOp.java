package io.github.tapegrad.autograd.kernels;

/** Elementwise functions of two arrays; comparisons give 1 or 0. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, EQ, GT, GE, LT, LE
}
