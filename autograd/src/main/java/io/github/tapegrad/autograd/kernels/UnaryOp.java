package io.github.tapegrad.autograd.kernels;

/** Elementwise functions of one array; p and q are the scalar parameters some take. */
public enum UnaryOp {
    NEG, EXP, LOG, SQRT, TANH, SIGMOID, RELU, ABS,
    /** sign(x): -1, 0 or 1. */
    SIGN,
    /** 1 where x &gt; 0, else 0. */
    STEP,
    /** x^p. */
    POW,
    /** min(max(x, p), q). */
    CLAMP,
    /** 1 where p &lt;= x &lt;= q, else 0. */
    IN_RANGE
}
