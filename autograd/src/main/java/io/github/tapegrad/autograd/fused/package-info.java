/**
 * Fused ops: primitives that have composite equivalents but run as one node with a hand-written kernel, for measured
 * speed or memory. Each is defined only through the public {@link io.github.tapegrad.autograd.Primitive} API (this
 * package can reach nothing else of the autograd package), which shows that API is enough for the fastest built-ins:
 * a forward over arrays, private saved buffers recycled with the graph, a fast backward over arrays for first order and
 * a rule in tensor ops for higher orders, all gradient-checked at registration. Their array kernels live in the
 * kernels package, which knows nothing of tensors.
 */
package io.github.tapegrad.autograd.fused;
