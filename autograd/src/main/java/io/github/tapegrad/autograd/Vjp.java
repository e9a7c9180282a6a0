package io.github.tapegrad.autograd;

/**
 * A derivative rule: given the gradient of the op's output, the gradients of its inputs
 * (one per input, {@code null} where an input needs none). Written with tensor ops, so running it
 * while recording gives higher-order gradients.
 */
@FunctionalInterface
interface Vjp {
    Tensor[] apply(Tensor grad);
}
