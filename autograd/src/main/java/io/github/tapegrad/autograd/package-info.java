/**
 * Tensors and tape-based reverse-mode differentiation.
 *
 * <p>Layers: the {@link io.github.tapegrad.autograd.Tensor} API, then the op families (package-private
 * classes such as {@code Elementwise}, {@code Reductions}, {@code LinearAlgebra}), each primitive
 * followed by its derivative rule written with tensor ops, then raw kernels over arrays in
 * {@code io.github.tapegrad.autograd.kernels}, which know nothing of the tape.
 */
package io.github.tapegrad.autograd;
