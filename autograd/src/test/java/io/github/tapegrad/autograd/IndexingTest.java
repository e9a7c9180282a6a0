package io.github.tapegrad.autograd;

import org.junit.jupiter.api.Test;

import static io.github.tapegrad.autograd.TensorAssert.assertRejected;
import static io.github.tapegrad.autograd.TensorAssert.assertTensor;
import static io.github.tapegrad.autograd.TensorAssert.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** indexSelect, gather and oneHot: values, repeated indices in gradients, and range checks. */
class IndexingTest {
    /** [[0, 1, 2], [3, 4, 5]]. */
    private static Tensor m() {
        return Tensor.arange(6, DType.FLOAT64).reshape(2, 3);
    }

    @Test
    void indexSelectPicksRowsOrColumns() {
        assertTensor(m().indexSelect(0, Indices.of(new int[] {1, 1, 0})), s(3, 3), 3, 4, 5, 3, 4, 5, 0, 1, 2);
        assertTensor(m().indexSelect(1, Indices.of(new int[] {2, 0})), s(2, 2), 2, 0, 5, 3);
    }

    @Test
    void repeatedIndicesAccumulateGradient() {
        Tensor x = m().requiresGrad_(true);
        x.indexSelect(0, Indices.of(new int[] {1, 1, 0})).sum().backward();
        assertTensor(x.grad(), s(2, 3), 1, 1, 1, 2, 2, 2);
    }

    @Test
    void gatherPicksAlongADimension() {
        Indices idx = Indices.of(new int[] {2, 0, 0, 1, 1, 1}, 2, 3);
        assertTensor(m().gather(1, idx), s(2, 3), 2, 0, 0, 4, 4, 4);
        Tensor x = m().requiresGrad_(true);
        x.gather(1, idx).sum().backward();
        assertTensor(x.grad(), s(2, 3), 2, 0, 1, 0, 3, 0);
        assertTensor(m().gather(0, Indices.of(new int[] {1, 0, 1}, 1, 3)), s(1, 3), 3, 1, 5);
    }

    @Test
    void oneHotIsAConstant() {
        Tensor y = Tensor.oneHot(Indices.of(new int[] {2, 0}), 3, DType.FLOAT32);
        assertEquals(DType.FLOAT32, y.dtype());
        assertTensor(y, s(2, 3), 0, 0, 1, 1, 0, 0);
        assertFalse(y.requiresGrad());
        assertTensor(Tensor.oneHot(Indices.of(new int[] {1, 0, 0, 1}, 2, 2), 2, DType.FLOAT64), s(2, 2, 2),
                0, 1, 1, 0, 1, 0, 0, 1);
    }

    @Test
    void indicesAreImmutable() {
        int[] raw = {0, 1};
        Indices idx = Indices.of(raw);
        raw[0] = 5;
        idx.toArray()[1] = 7;
        assertArrayEquals(new int[] {0, 1}, idx.toArray());
    }

    @Test
    void outOfRangeIndicesAreRejected() {
        assertRejected(() -> m().indexSelect(0, Indices.of(new int[] {2})), "indexSelect", "[2, 3]", "index 2");
        assertRejected(() -> m().indexSelect(1, Indices.of(new int[] {-1})), "indexSelect", "index -1");
        assertRejected(() -> m().indexSelect(0, Indices.of(new int[] {0, 0}, 1, 2)), "indexSelect", "1-D");
        assertRejected(() -> m().gather(1, Indices.of(new int[] {3, 0}, 2, 1)), "gather", "index 3");
        assertRejected(() -> m().gather(1, Indices.of(new int[] {0, 0, 0}, 3, 1)), "gather", "[2, 3]", "[3, 1]");
        assertRejected(() -> Tensor.oneHot(Indices.of(new int[] {3}), 3, DType.FLOAT64), "oneHot", "3");
        assertRejected(() -> Tensor.oneHot(Indices.of(new int[] {0}), 0, DType.FLOAT64), "oneHot");
    }
}
