package io.github.tapegrad.autograd.kernels;

/**
 * The Vector API kernels. This class (and the kernel classes it links) must only be loaded when the
 * jdk.incubator.vector module is in the boot layer; {@link MatMul} instantiates it reflectively after checking.
 */
final class VectorApiBackend implements GemmBackend {

  /** Public no-arg constructor for the reflective load; refuses species too narrow to beat plain Java. */
  public VectorApiBackend() {
    if (VectorGemmF32.S.vectorBitSize() < 128 || VectorGemmF64.S.vectorBitSize() < 128) {
      throw new UnsupportedOperationException(
          "preferred vector size " + VectorGemmF32.S.vectorBitSize() + " bits is too narrow");
    }
  }

  @Override
  public String name() {
    return "vector-api " + VectorGemmF32.S.vectorBitSize() + "-bit";
  }

  @Override
  public int columnBlock(int elementBytes) {
    return elementBytes == Double.BYTES ? VectorGemmF64.NR : VectorGemmF32.NR;
  }

  @Override
  public int rowBlock() {
    return VectorGemmF32.MR;
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k,
                   float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                   float[] c, int cOff, int ldc, boolean accumulate) {
    VectorGemmF32.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k,
                   double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   double[] c, int cOff, int ldc, boolean accumulate) {
    VectorGemmF64.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }
}
