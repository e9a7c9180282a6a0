/**
 * Tensors and tape-based reverse-mode differentiation.
 *
 * <p>Layers: the {@link io.github.tapegrad.autograd.Tensor} API, then the op families (package-private
 * classes such as {@code Elementwise}, {@code Reductions}, {@code LinearAlgebra}), each primitive
 * followed by its derivative rule written with tensor ops, then raw kernels over arrays in
 * {@code io.github.tapegrad.autograd.kernels}, which know nothing of the tape. {@code Storage} holds a
 * tensor's array and version counter and is the one place that branches on the dtype; a tensor is a
 * storage seen through an offset, a shape and strides, so view ops copy nothing. The tape's record of a
 * tensor (the node that made it, or a leaf's gradient) is its {@code GradSlot}. An op defined outside the library
 * is a {@link io.github.tapegrad.autograd.Primitive}: it records one node like a built-in op, and its rules are
 * gradient-checked when it is registered ({@code io.github.tapegrad.autograd.fused} defines the fused ops so).
 *
 * <p>Memory: storages draw their arrays from a per-thread {@code BufferPool}; an {@code Arena} (a backward
 * sweep's, or a {@link io.github.tapegrad.autograd.StepScope} from {@code Grad.step()}) recycles what was made
 * while it was open and retires those storages, so reading one afterwards throws.
 */
package io.github.tapegrad.autograd;
