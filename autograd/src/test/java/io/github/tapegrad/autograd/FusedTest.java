package io.github.tapegrad.autograd;

import io.github.tapegrad.autograd.fused.FusedOps;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The deprecated {@link Fused} delegates to {@link FusedOps} (nn and the examples call it until they move). */
@SuppressWarnings("deprecation")
class FusedTest {
    @Test
    void theDeprecatedEntryPointsGiveFusedOpsBits() {
        SplittableRandom rng = new SplittableRandom(1);
        Tensor gates = Tensor.randn(rng, DType.FLOAT32, 3, 8);
        Tensor c = Tensor.randn(rng, DType.FLOAT32, 3, 2);
        List<Tensor> old = Fused.lstmPointwise(gates, c);
        List<Tensor> now = FusedOps.lstmPointwise(gates, c);
        for (int k = 0; k < 2; k++) assertArrayEquals(now.get(k).toDoubleArray(), old.get(k).toDoubleArray(), 0.0);
        Tensor x = Tensor.randn(rng, DType.FLOAT32, 4, 3);
        Tensor w = Tensor.randn(rng, DType.FLOAT32, 5, 3);
        List<Tensor> oldPieces = Fused.linearSplit(x, w, null, 2);
        List<Tensor> pieces = FusedOps.linearSplit(x, w, null, 2);
        for (int p = 0; p < 2; p++) {
            assertArrayEquals(pieces.get(p).toDoubleArray(), oldPieces.get(p).toDoubleArray(), 0.0);
        }
    }
}
