package io.github.tapegrad.autograd.kernels;

/** Integer helpers for block sizes and the argument checks shared by every GEMM entry point. */
final class GemmShapes {

  private GemmShapes() {
  }

  static int ceilDiv(int x, int y) {
    return (x + y - 1) / y;
  }

  static int roundUp(int x, int multiple) {
    return ceilDiv(x, multiple) * multiple;
  }

  /**
   * Checks sizes, offsets and that each operand region fits its array; the message names every shape involved.
   * Lengths are computed in long so oversized shapes are reported instead of overflowing.
   */
  static void check(boolean transA, boolean transB, int m, int n, int k,
                    int aLength, int aOff, int bLength, int bOff, int cLength, int cOff, String dtype) {
    String where = "gemm(" + dtype + (transA ? ", transA" : "") + (transB ? ", transB" : "")
        + "): [" + m + ", " + k + "] @ [" + k + ", " + n + "] -> [" + m + ", " + n + "]";
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException(where + ": dimensions must be >= 0");
    }
    region(where, "A", transA ? k : m, transA ? m : k, aLength, aOff);
    region(where, "B", transB ? n : k, transB ? k : n, bLength, bOff);
    region(where, "C", m, n, cLength, cOff);
  }

  private static void region(String where, String name, int rows, int cols, int length, int off) {
    long needed = (long) rows * cols;
    if (off < 0 || (needed > 0 && off + needed > length)) {
      throw new IllegalArgumentException(where + ": " + name + " stored as [" + rows + ", " + cols
          + "] at offset " + off + " needs " + needed + " elements but the array has length " + length);
    }
  }
}
