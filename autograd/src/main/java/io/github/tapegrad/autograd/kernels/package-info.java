/**
 * Raw loops over float[] and double[]: elementwise with broadcast strides, reductions, softmax, copies
 * and matrix multiplication. Nothing here knows about tensors, shapes or the tape.
 */
package io.github.tapegrad.autograd.kernels;
