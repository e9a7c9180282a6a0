package io.github.tapegrad.autograd.kernels;

/**
 * A matrix op(B) [k×n] already in the GEMM kernels' panel layout ({@link MatMul#pack}), for products that use the same
 * B many times: an LSTM's recurrent weight multiplies the hidden state at each of the T steps of a sequence, and
 * packing a transposed weight costs about as much as the product itself at a batch of 32. Opaque: only the kernels
 * that packed it read it. It does not follow later writes to the source array; whoever caches it must repack
 * after one (autograd keys it on the storage's version counter).
 */
public final class PackedMatrix {

  final GemmBackend backend;
  final boolean transB;
  final int k;
  final int n;
  /** float[] or double[]. */
  final Object panels;

  PackedMatrix(GemmBackend backend, boolean transB, int k, int n, Object panels) {
    this.backend = backend;
    this.transB = transB;
    this.k = k;
    this.n = n;
    this.panels = panels;
  }

  /** Rows of op(B). */
  public int k() {
    return k;
  }

  /** Columns of op(B). */
  public int n() {
    return n;
  }

  /** Whether this was packed from a transposed-stored B. */
  public boolean transposed() {
    return transB;
  }

  /** "float32" or "float64". */
  public String dtype() {
    return panels instanceof float[] ? "float32" : "float64";
  }
}
