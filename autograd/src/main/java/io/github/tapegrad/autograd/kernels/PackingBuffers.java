package io.github.tapegrad.autograd.kernels;

/**
 * Per-thread scratch arrays reused across calls, so the hot path allocates nothing once warmed up.
 * Each kernel call on a thread owns its thread's buffers for the call's duration (kernels never nest).
 */
final class PackingBuffers {

  private static final ThreadLocal<PackingBuffers> LOCAL = ThreadLocal.withInitial(PackingBuffers::new);

  private float[] floatA = new float[0];
  private float[] floatB = new float[0];
  private float[] floatTile = new float[0];
  private double[] doubleA = new double[0];
  private double[] doubleB = new double[0];
  private double[] doubleTile = new double[0];
  private float[][] floatPanel = new float[0][];
  private float[][] floatAcc = new float[0][];
  private double[][] doublePanel = new double[0][];
  private double[][] doubleAcc = new double[0][];

  private PackingBuffers() {
  }

  static PackingBuffers get() {
    return LOCAL.get();
  }

  float[] floatA(int size) {
    if (floatA.length < size) {
      floatA = new float[grown(size)];
    }
    return floatA;
  }

  float[] floatB(int size) {
    if (floatB.length < size) {
      floatB = new float[grown(size)];
    }
    return floatB;
  }

  float[] floatTile(int size) {
    if (floatTile.length < size) {
      floatTile = new float[size];
    }
    return floatTile;
  }

  double[] doubleA(int size) {
    if (doubleA.length < size) {
      doubleA = new double[grown(size)];
    }
    return doubleA;
  }

  double[] doubleB(int size) {
    if (doubleB.length < size) {
      doubleB = new double[grown(size)];
    }
    return doubleB;
  }

  double[] doubleTile(int size) {
    if (doubleTile.length < size) {
      doubleTile = new double[size];
    }
    return doubleTile;
  }

  /** At least {@code rows} separate rows of at least {@code width}: hot loops then index each row by plain j. */
  float[][] floatPanelRows(int rows, int width) {
    if (floatPanel.length < rows || floatPanel[0].length < width) {
      floatPanel = new float[rows][width];
    }
    return floatPanel;
  }

  float[][] floatAccRows(int rows, int width) {
    if (floatAcc.length < rows || floatAcc[0].length < width) {
      floatAcc = new float[rows][width];
    }
    return floatAcc;
  }

  double[][] doublePanelRows(int rows, int width) {
    if (doublePanel.length < rows || doublePanel[0].length < width) {
      doublePanel = new double[rows][width];
    }
    return doublePanel;
  }

  double[][] doubleAccRows(int rows, int width) {
    if (doubleAcc.length < rows || doubleAcc[0].length < width) {
      doubleAcc = new double[rows][width];
    }
    return doubleAcc;
  }

  /** Grow by half again so a slowly rising size does not reallocate every call. */
  private static int grown(int size) {
    return (int) Math.min(Integer.MAX_VALUE - 8L, size + (size >> 1));
  }
}
