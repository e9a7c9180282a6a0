package io.github.tapegrad.autograd;

import io.github.tapegrad.autograd.fused.FusedOps;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.tapegrad.autograd.TensorAssert.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Sizes past int: each is refused with the op and the overflowing quantity, before anything wraps to a
 * negative dimension or an allocation is tried. Operands are empty or small, so nothing large is allocated.
 */
class SizeOverflowTest {
    private static final int MAX = Integer.MAX_VALUE;

    @Test
    void shapesWithMoreThanIntElementsNameTheOpAndTheCount() {
        assertRejected(() -> Tensor.zeros(DType.FLOAT32, MAX, 28),
                "zeros: shape [2147483647, 28] has 60129542116 elements, more than 2^31-1");
        assertRejected(() -> Tensor.ones(DType.FLOAT64, 65536, 65536),
                "ones: shape [65536, 65536] has 4294967296 elements, more than 2^31-1");
        assertRejected(() -> Shape.of(MAX, MAX, MAX),
                "Shape.of: shape [2147483647, 2147483647, 2147483647] has 9903520300447984150353281023 elements");
        assertRejected(() -> Shape.of("Linear weight", 100000, 100000),
                "Linear weight: shape [100000, 100000] has 10000000000 elements, more than 2^31-1");
        assertRejected(() -> Shape.of(-4, 28), "Shape.of: negative dimension in shape [-4, 28]");
    }

    /** An empty shape holds nothing, but its strides (2^31-1 · 2 for dimension 0) would still overflow. */
    @Test
    void emptyShapesStillNeedIntStrides() {
        assertEquals(0, Shape.of(0, MAX).numel());
        assertRejected(() -> Shape.of(0, MAX, 2),
                "Shape.of: shape [0, 2147483647, 2] has nonzero dimensions multiplying to 4294967294, more than 2^31-1");
        assertRejected(() -> Tensor.zeros(DType.FLOAT64, 0).reshape(MAX, MAX, 0), "reshape: shape [2147483647,"
                + " 2147483647, 0] has nonzero dimensions multiplying to 4611686014132420609");
    }

    @Test
    void opsWhoseResultWouldBeTooLargeNameThemselves() {
        Tensor column = Tensor.zeros(DType.FLOAT32, 65536, 1);
        assertRejected(() -> column.add(column.reshape(1, 65536)),
                "add: shape [65536, 65536] has 4294967296 elements, more than 2^31-1");
        assertRejected(() -> Tensor.zeros(DType.FLOAT32, 65536, 0).matmul(Tensor.zeros(DType.FLOAT32, 0, 65536)),
                "matmul: shape [65536, 65536] has 4294967296 elements");
        Tensor slab = Tensor.zeros(DType.FLOAT32, 1 << 30, 0);
        assertRejected(() -> Tensor.concat(List.of(slab, slab, slab), 0),
                "concat: [1073741824, 0] float32, [1073741824, 0] float32, [1073741824, 0] float32: sizes along"
                        + " dimension 0 add up to 3221225472, more than 2^31-1");
        assertRejected(() -> Tensor.zeros(DType.FLOAT32, 1, 65536).indexSelect(0, Indices.of(new int[65536])),
                "indexSelect: shape [65536, 65536] has 4294967296 elements");
        assertRejected(() -> Tensor.oneHot(Indices.of(new int[65536]), 65536, DType.FLOAT32),
                "oneHot: shape [65536, 65536] has 4294967296 elements");
        assertRejected(() -> Tensor.arange(0, 1e10, 1, DType.FLOAT64),
                "arange: [0.0, 1.0E10) with step 1.0 has 10000000000 elements, more than 2^31-1");
    }

    /** 4 · (2^30 + 1) wraps to 4: the check must not accept gates [0, 4] for c [0, 2^30 + 1]. */
    @Test
    void lstmPointwiseComparesFourTimesHiddenWithoutWrapping() {
        Tensor c = Tensor.zeros(DType.FLOAT32, 0, (1 << 30) + 1);
        assertRejected(() -> FusedOps.lstmPointwise(Tensor.zeros(DType.FLOAT32, 0, 4), c), "lstmPointwise: [0, 4] float32,"
                + " [0, 1073741825] float32: gates must be [B, 4H]");
    }
}
