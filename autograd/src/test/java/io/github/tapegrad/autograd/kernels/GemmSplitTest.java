package io.github.tapegrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which side of C a multi-threaded product splits: the longer one when both can feed every thread. */
class GemmSplitTest {

  private final int defaultThreads = Parallel.threads();

  @AfterEach
  void restoreThreads() {
    Parallel.setThreads(defaultThreads);
  }

  @Test
  void theLongerSideIsSplitWhenBothCanFeedEveryThread() {
    Parallel.setThreads(2);
    assertFalse(GemmDriver.splitColumns(1024, 256, 64, 4), "dW_hh: every thread would pack all of dGᵀ");
    assertTrue(GemmDriver.splitColumns(32, 1024, 64, 4), "h·W_hhᵀ: every thread would pack all of W_hh");
    assertTrue(GemmDriver.splitColumns(2048, 2048, 64, 4), "square: columns");
  }

  @Test
  void otherwiseTheSideWithEnoughPanels() {
    Parallel.setThreads(2);
    assertTrue(GemmDriver.splitColumns(8, 1024, 64, 4), "2 row strips cannot feed 2 threads twice over");
    assertFalse(GemmDriver.splitColumns(1024, 100, 64, 4), "2 column panels");
    assertTrue(GemmDriver.splitColumns(8, 100, 64, 4), "neither: the side with more panels (columns on a tie)");
    assertFalse(GemmDriver.splitColumns(12, 64, 64, 4), "neither: 3 row strips against 1 panel");
  }
}
