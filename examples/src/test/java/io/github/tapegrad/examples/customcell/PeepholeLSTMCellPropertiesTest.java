package io.github.tapegrad.examples.customcell;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.nn.check.CellCheck;
import io.github.tapegrad.nn.init.Init;
import org.junit.jupiter.api.Test;

/** The walk-through's property, with the public checking API: the custom cell's gradients are right. */
class PeepholeLSTMCellPropertiesTest {

    @Test
    void gradientsMatchFiniteDifferencesForGeneratedSizes() {
        CellCheck.of((in, h, rng) -> new PeepholeLSTMCell(in, h, DType.FLOAT64, rng, Init.pytorchDefault(h),
                        Init.pytorchDefault(h)))
                .gates("i", "f", "g", "o").layers(1, 2).cases(8).seed(20261123L).check();
    }
}
