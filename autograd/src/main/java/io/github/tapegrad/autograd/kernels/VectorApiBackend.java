package io.github.tapegrad.autograd.kernels;

/**
 * The Vector API kernels. This class (and the kernel classes it links) must only be loaded when the
 * jdk.incubator.vector module is in the boot layer; {@link MatMul} instantiates it reflectively after checking.
 */
final class VectorApiBackend implements GemmBackend {

  private final GemmTile tile;

  /**
   * Public no-arg constructor for the reflective load, with the tile for this machine ({@link GemmTile#forMachine},
   * overridable with {@code -Dtapegrad.gemm.tile}); refuses species too narrow to beat plain Java.
   */
  public VectorApiBackend() {
    this(GemmTile.forMachine(System.getProperty("os.arch"), VectorGemmF32.S.vectorBitSize(),
        System.getProperty(GemmTile.PROPERTY)));
  }

  VectorApiBackend(GemmTile tile) {
    this.tile = tile;
    if (VectorGemmF32.S.vectorBitSize() < 128 || VectorGemmF64.S.vectorBitSize() < 128) {
      throw new UnsupportedOperationException(
          "preferred vector size " + VectorGemmF32.S.vectorBitSize() + " bits is too narrow");
    }
  }

  @Override
  public String name() {
    return "vector-api " + VectorGemmF32.S.vectorBitSize() + "-bit " + tile.label();
  }

  @Override
  public int columnBlock(int elementBytes) {
    return elementBytes == Double.BYTES ? VectorGemmF64.nr(tile) : VectorGemmF32.nr(tile);
  }

  @Override
  public int rowBlock() {
    return tile.rows;
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k,
                   float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                   float[] c, int cOff, int ldc, boolean accumulate) {
    VectorGemmF32.gemm(tile, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k,
                   double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   double[] c, int cOff, int ldc, boolean accumulate) {
    VectorGemmF64.gemm(tile, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  @Override
  public boolean packsB() {
    return true;
  }

  @Override
  public Object packB(boolean transB, int k, int n, Object b, int bOff, Object reuse) {
    int ldb = transB ? k : n;
    if (b instanceof float[] bf) {
      int len = VectorGemmF32.packedLength(tile, k, n);
      float[] out = reuse instanceof float[] r && r.length == len ? r : new float[len];
      VectorGemmF32.packWhole(tile, transB, k, n, bf, bOff, ldb, out);
      return out;
    }
    int len = VectorGemmF64.packedLength(tile, k, n);
    double[] out = reuse instanceof double[] r && r.length == len ? r : new double[len];
    VectorGemmF64.packWhole(tile, transB, k, n, (double[]) b, bOff, ldb, out);
    return out;
  }

  @Override
  public void gemmPacked(boolean transA, int m, int n, int k, Object a, int aOff, int lda, Object packed,
                         int colStart, int nTotal, Object c, int cOff, int ldc, boolean accumulate) {
    if (packed instanceof float[] p) {
      VectorGemmF32.gemmPacked(tile, transA, m, n, k, (float[]) a, aOff, lda, p, colStart, nTotal,
          (float[]) c, cOff, ldc, accumulate);
    } else {
      VectorGemmF64.gemmPacked(tile, transA, m, n, k, (double[]) a, aOff, lda, (double[]) packed, colStart, nTotal,
          (double[]) c, cOff, ldc, accumulate);
    }
  }
}
