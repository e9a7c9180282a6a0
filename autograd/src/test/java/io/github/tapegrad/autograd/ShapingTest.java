package io.github.tapegrad.autograd;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.tapegrad.autograd.TensorAssert.assertRejected;
import static io.github.tapegrad.autograd.TensorAssert.assertTensor;
import static io.github.tapegrad.autograd.TensorAssert.d;
import static io.github.tapegrad.autograd.TensorAssert.s;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** reshape, permute/transpose, narrow/select, concat/stack, split/chunk on hand-computed values. */
class ShapingTest {
    /** [[0, 1, 2], [3, 4, 5]]. */
    private static Tensor m() {
        return Tensor.arange(6, DType.FLOAT64).reshape(2, 3);
    }

    @Test
    void reshapeInfersOneDimension() {
        assertTensor(m().reshape(3, -1), s(3, 2), 0, 1, 2, 3, 4, 5);
        assertTensor(m().flatten(), s(6), 0, 1, 2, 3, 4, 5);
        assertTensor(Tensor.scalar(7, DType.FLOAT64).reshape(1, 1), s(1, 1), 7);
        assertTensor(d(new double[] {7}).reshape(), s(), 7);
        assertRejected(() -> m().reshape(4, -1), "reshape", "[2, 3]", "[4, -1]");
        assertRejected(() -> m().reshape(-1, -1), "reshape", "[2, 3]");
    }

    @Test
    void transposeAndPermute() {
        assertTensor(m().t(), s(3, 2), 0, 3, 1, 4, 2, 5);
        assertTensor(m().transpose(0, 1), s(3, 2), 0, 3, 1, 4, 2, 5);
        Tensor x = Tensor.arange(24, DType.FLOAT64).reshape(2, 3, 4);
        Tensor p = x.permute(2, 0, 1);
        assertEquals(Shape.of(4, 2, 3), p.shape());
        // p[k, i, j] = x[i, j, k] = 12 i + 4 j + k
        assertEquals(12 + 8 + 3, p.at(3, 1, 2));
        assertTensor(x.transpose(0, 2).select(0, 1).select(0, 2), s(2), 9, 21);
        assertRejected(() -> d(new double[] {1}).t(), "t", "[1]");
    }

    @Test
    void narrowAndSelect() {
        assertTensor(m().narrow(1, 1, 2), s(2, 2), 1, 2, 4, 5);
        assertTensor(m().narrow(0, 1, 1), s(1, 3), 3, 4, 5);
        assertTensor(m().select(1, 2), s(2), 2, 5);
        assertTensor(m().select(-2, 0), s(3), 0, 1, 2);
        assertTensor(d(new double[] {4, 5}).select(0, 1), s(), 5);
    }

    @Test
    void narrowAndSelectGradientsArePadded() {
        Tensor x = m().requiresGrad_(true);
        x.narrow(1, 1, 1).sum().backward();
        assertTensor(x.grad(), s(2, 3), 0, 1, 0, 0, 1, 0);
        x.zeroGrad();
        x.select(0, 1).mul(d(new double[] {1, 2, 3})).sum().backward();
        assertTensor(x.grad(), s(2, 3), 0, 0, 0, 1, 2, 3);
    }

    @Test
    void concatAndStack() {
        Tensor a = d(new double[] {1, 2}, 1, 2);
        Tensor b = d(new double[] {3, 4, 5, 6}, 2, 2);
        assertTensor(Tensor.concat(List.of(a, b), 0), s(3, 2), 1, 2, 3, 4, 5, 6);
        assertTensor(Tensor.concat(List.of(b, b.narrow(1, 0, 1)), 1), s(2, 3), 3, 4, 3, 5, 6, 5);
        Tensor u = d(new double[] {1, 2});
        Tensor v = d(new double[] {3, 4});
        assertTensor(Tensor.stack(List.of(u, v), 0), s(2, 2), 1, 2, 3, 4);
        assertTensor(Tensor.stack(List.of(u, v), 1), s(2, 2), 1, 3, 2, 4);
        assertTensor(Tensor.stack(List.of(u, v), -1), s(2, 2), 1, 3, 2, 4);
        Tensor one = Tensor.scalar(1, DType.FLOAT64);
        assertTensor(Tensor.stack(List.of(one, one.mul(2)), 0), s(2), 1, 2);
        assertRejected(() -> Tensor.concat(List.of(a, b), 1), "concat", "[1, 2]", "[2, 2]");
        assertRejected(() -> Tensor.stack(List.of(u, a), 0), "stack", "[2]", "[1, 2]");
        assertRejected(() -> Tensor.concat(List.of(), 0), "concat");
    }

    @Test
    void splitAndChunk() {
        List<Tensor> parts = m().split(new int[] {1, 2}, 1);
        assertTensor(parts.get(0), s(2, 1), 0, 3);
        assertTensor(parts.get(1), s(2, 2), 1, 2, 4, 5);
        List<Tensor> rows = m().chunk(2, 0);
        assertEquals(2, rows.size());
        assertTensor(rows.get(1), s(1, 3), 3, 4, 5);
        assertRejected(() -> m().split(new int[] {1, 1}, 1), "split", "[2, 3]", "[1, 1]");
        assertRejected(() -> m().chunk(2, 1), "chunk", "[2, 3]", "2 equal chunks");
    }

    @Test
    void gradientsFlowBackThroughEveryPiece() {
        Tensor x = m().requiresGrad_(true);
        List<Tensor> cols = x.chunk(3, 1);
        cols.get(0).add(cols.get(2).mul(10)).sum().backward();
        assertTensor(x.grad(), s(2, 3), 1, 0, 10, 1, 0, 10);
    }
}
