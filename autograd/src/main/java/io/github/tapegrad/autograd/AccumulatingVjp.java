package io.github.tapegrad.autograd;

/**
 * A derivative rule that can add its gradient for one input straight into an accumulator the tape owns
 * (matmul: a GEMM with accumulate), instead of allocating the gradient and adding it afterwards. A
 * weight used at every time step then gets one gradient buffer, not one per step.
 */
interface AccumulatingVjp extends Vjp {
    /** The gradient for input k alone. */
    Tensor gradient(int k, Tensor grad);

    /**
     * Adds the gradient for input k into {@code acc} (same shape and dtype), now or through
     * {@code later} (run before the sweep ends); false when it cannot.
     */
    boolean addGradientInto(int k, Tensor grad, Tensor acc, DeferredProducts later);

    @Override
    default Tensor[] apply(Tensor grad) {
        return new Tensor[] {gradient(0, grad), gradient(1, grad)};
    }
}
