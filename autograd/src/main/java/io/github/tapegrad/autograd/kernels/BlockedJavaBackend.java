package io.github.tapegrad.autograd.kernels;

/** The plain-Java kernels: always available, used when the Vector API module is absent or disabled. */
final class BlockedJavaBackend implements GemmBackend {

  static final BlockedJavaBackend INSTANCE = new BlockedJavaBackend();

  private BlockedJavaBackend() {
  }

  @Override
  public String name() {
    return "blocked-java";
  }

  @Override
  public int columnBlock(int elementBytes) {
    return elementBytes == Double.BYTES ? 32 : 64;
  }

  @Override
  public int rowBlock() {
    return 4;
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k,
                   float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                   float[] c, int cOff, int ldc, boolean accumulate) {
    BlockedJavaGemmF32.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k,
                   double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   double[] c, int cOff, int ldc, boolean accumulate) {
    BlockedJavaGemmF64.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }
}
