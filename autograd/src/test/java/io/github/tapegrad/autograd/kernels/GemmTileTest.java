package io.github.tapegrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The register tile follows the ISA's vector register count, and the override is checked. */
class GemmTileTest {

  @Test
  void sixteenRegisterX86GetsTheNarrowTile() {
    assertEquals(GemmTile.NARROW, GemmTile.forMachine("amd64", 256, null));
    assertEquals(GemmTile.NARROW, GemmTile.forMachine("x86_64", 128, ""));
  }

  @Test
  void thirtyTwoRegisterIsasGetTheWideTile() {
    assertEquals(GemmTile.WIDE, GemmTile.forMachine("amd64", 512, null));
    assertEquals(GemmTile.WIDE, GemmTile.forMachine("aarch64", 128, null));
  }

  @Test
  void overrideWinsAndIsValidated() {
    assertEquals(GemmTile.NARROW, GemmTile.forMachine("amd64", 512, "narrow"));
    assertEquals(GemmTile.WIDE, GemmTile.forMachine("amd64", 256, " WIDE "));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GemmTile.forMachine("amd64", 512, "6x4"));
    assertTrue(e.getMessage().contains("tapegrad.gemm.tile=6x4"), e.getMessage());
  }

  @Test
  void registerBudgets() {
    // accumulators + B vectors + the A broadcast
    assertEquals(21, GemmTile.WIDE.rows * GemmTile.WIDE.vectors + GemmTile.WIDE.vectors + 1);
    assertTrue(GemmTile.NARROW.rows * GemmTile.NARROW.vectors + GemmTile.NARROW.vectors + 1 <= 16);
  }
}
