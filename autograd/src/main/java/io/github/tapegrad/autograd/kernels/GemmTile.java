package io.github.tapegrad.autograd.kernels;

import java.util.Locale;

/**
 * The register tile of the Vector API GEMM's micro-kernel: how many rows of C by how many vectors of columns it
 * keeps in registers while it streams the packed panels. The right shape depends on the vector register count:
 * the micro-kernel needs {@code rows × vectors} accumulators, {@code vectors} registers for the B row and one for
 * the broadcast A value.
 *
 * <ul>
 *   <li>{@link #WIDE} 4 × 4 vectors: 16 accumulators + 4 + 1 = 21 registers. For 32-register ISAs (AVX-512,
 *       ARM NEON/SVE).</li>
 *   <li>{@link #NARROW} 6 × 2 vectors: 12 + 2 + 1 = 15 registers, the shape OpenBLAS's AVX2 SGEMM kernels keep. x86
 *       without AVX-512 has only 16 vector registers, where the wide tile spills (measured: 0.47× OpenBLAS's
 *       Haswell kernel at 2048³ with {@code -XX:UseAVX=2} on the AVX-512 EPYC).</li>
 * </ul>
 *
 * The tile never changes a product's bits: every element is the same chain of fused multiply-adds over the same
 * k blocks whatever the tile (tests check it), so the choice is free to follow the machine.
 */
enum GemmTile {
  WIDE(4, 4),
  NARROW(6, 2);

  /** System property that overrides the choice: {@code wide} or {@code narrow}. */
  static final String PROPERTY = "tapegrad.gemm.tile";

  final int rows;
  final int vectors;

  GemmTile(int rows, int vectors) {
    this.rows = rows;
    this.vectors = vectors;
  }

  /**
   * The tile for a machine: narrow on x86 when the preferred vectors are at most 256 bits (AVX2 or SSE: 16 vector
   * registers), wide otherwise (AVX-512 and AArch64 have 32).
   */
  static GemmTile forMachine(String arch, int vectorBits, String override) {
    if (override != null && !override.isBlank()) {
      return switch (override.trim().toLowerCase(Locale.ROOT)) {
        case "wide" -> WIDE;
        case "narrow" -> NARROW;
        default -> throw new IllegalArgumentException(
            "-D" + PROPERTY + "=" + override + ": expected wide (4x4 vectors) or narrow (6x2 vectors)");
      };
    }
    boolean x86 = arch != null && arch.toLowerCase(Locale.ROOT).matches("amd64|x86_64|x86|i[3-6]86");
    return x86 && vectorBits <= 256 ? NARROW : WIDE;
  }

  /** E.g. "6x2". */
  String label() {
    return rows + "x" + vectors;
  }
}
