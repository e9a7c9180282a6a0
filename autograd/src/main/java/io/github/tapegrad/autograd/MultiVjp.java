package io.github.tapegrad.autograd;

/** The derivative rule of an op with several outputs: one gradient per output in, one per input out. */
@FunctionalInterface
interface MultiVjp {
    Tensor[] apply(Tensor[] grads);
}
