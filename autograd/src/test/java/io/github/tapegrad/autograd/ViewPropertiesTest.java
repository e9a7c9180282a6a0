package io.github.tapegrad.autograd;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.quicktheories.QuickTheory.qt;

/**
 * The view ops against a copying reference: each is an index map (output index to input index), applied
 * here by plain arithmetic on a copy of the values. A view must give the reference's values, share its
 * input's storage (a write to the input shows through it, so nothing was copied), and compose: a view of
 * a view of a view equals the composed maps. Gradients (first and second order) are the op table's rows.
 */
class ViewPropertiesTest {

    /** A view op: its name, the op on a tensor, and where output element {@code out} reads the input. */
    record ViewOp(String name, Function<Tensor, Tensor> apply, Function<Shape, Shape> shape,
                  IndexMap map) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    interface IndexMap {
        int[] source(Shape in, int[] out);
    }

    /** The view ops applicable to a tensor of shape s (each with parameters derived from s). */
    static List<ViewOp> opsFor(Shape s, int knob) {
        List<ViewOp> ops = new ArrayList<>();
        int r = s.rank();
        if (r >= 2) {
            ops.add(new ViewOp("transpose(0, -1)", x -> x.transpose(0, -1), in -> swap(in, 0, r - 1),
                    (in, o) -> swapped(o, 0, r - 1)));
            int[] rot = OpTable.rotation(r);
            ops.add(new ViewOp("permute" + Arrays.toString(rot), x -> x.permute(rot), in -> permuted(in, rot),
                    (in, o) -> {
                        int[] src = new int[r];
                        for (int i = 0; i < r; i++) src[rot[i]] = o[i];
                        return src;
                    }));
        }
        if (r >= 1) {
            int a = knob % r;
            int size = s.dim(a);
            int start = size > 1 ? 1 : 0;
            int len = size - start - (size > 2 ? 1 : 0);
            ops.add(new ViewOp("narrow(" + a + ", " + start + ", " + len + ")", x -> x.narrow(a, start, len),
                    in -> in.with(a, len), (in, o) -> shifted(o, a, start)));
            int index = size / 2;
            ops.add(new ViewOp("select(" + a + ", " + index + ")", x -> x.select(a, index), in -> in.without(a),
                    (in, o) -> inserted(o, a, index)));
            int chunks = OpTable.smallestDivisor(size);
            int piece = knob % chunks;
            int width = size / chunks;
            ops.add(new ViewOp("chunk(" + chunks + ", " + a + ")[" + piece + "]", x -> x.chunk(chunks, a).get(piece),
                    in -> in.with(a, width), (in, o) -> shifted(o, a, piece * width)));
            ops.add(new ViewOp("split([1, n-1], " + a + ")[last]", x -> last(x.split(OpTable.splitSizes(size), a)),
                    in -> in.with(a, size == 1 ? 1 : size - 1), (in, o) -> shifted(o, a, size == 1 ? 0 : 1)));
            ops.add(new ViewOp("reshape(reversed + [1])", x -> x.reshape(ShapeRules.append(ShapeRules.reversed(
                    x.shape().toArray()), 1)), in -> Shape.of(ShapeRules.append(ShapeRules.reversed(in.toArray()), 1)),
                    (in, o) -> unflatten(in, flatten(Shape.of(ShapeRules.append(ShapeRules.reversed(in.toArray()), 1)),
                            o))));
        }
        int[] big = new int[r + 1];
        big[0] = 2;
        for (int i = 0; i < r; i++) big[i + 1] = s.dim(i) == 1 && knob % 2 == 0 ? 3 : s.dim(i);
        Shape target = Shape.of(big);
        ops.add(new ViewOp("expand" + target, x -> x.expand(target), in -> target, (in, o) -> {
            int[] src = new int[in.rank()];
            for (int i = 0; i < src.length; i++) src[i] = in.dim(i) == 1 ? 0 : o[i + 1];
            return src;
        }));
        return ops;
    }

    @TestFactory
    Stream<DynamicTest> aViewOfAViewOfAViewEqualsTheComposedCopyingReferenceAndSharesStorage() {
        return Stream.of(DType.FLOAT64, DType.FLOAT32).map(dtype -> dynamicTest(dtype.toString(), () ->
                qt().withExamples(150).forAll(OpCase.cases(5)).checkAssert(c -> {
                    Tensor base = values(Shape.of(c.dims(0)), dtype, c.seed());
                    Tensor x = base;
                    Shape shape = base.shape();
                    List<IndexMap> maps = new ArrayList<>();
                    List<Shape> inputs = new ArrayList<>();
                    StringBuilder what = new StringBuilder(base.shape().toString());
                    for (int step = 0; step < 3; step++) {
                        List<ViewOp> ops = opsFor(shape, c.knob(step));
                        ViewOp op = ops.get(c.knob(step + 3) % ops.size());
                        what.append(" .").append(op);
                        inputs.add(shape);
                        maps.add(op.map());
                        Tensor in = x;
                        x = op.apply().apply(x);
                        shape = op.shape().apply(shape);
                        assertEquals(shape, x.shape(), what.toString());
                        assertEquals(x.rank(), x.strides.length, what + ": one stride per dimension");
                        // every view op shares storage; a reshape copies only when no strides express it
                        boolean expressible = !op.name().startsWith("reshape") || Shaping.viewStrides(
                                in.shape().toArray(), in.strides, shape.toArray()) != null;
                        assertEquals(expressible && in.storage == base.storage, x.storage == base.storage,
                                what + ": shares storage with the base");
                    }
                    double[] expected = reference(base, x.shape(), inputs, maps);
                    assertTrue(Arrays.equals(expected, x.toDoubleArray()), what + ": " + x + ", expected "
                            + Arrays.toString(expected));
                    if (x.storage != base.storage) {
                        return;
                    }
                    // no copy: a write to the base shows through the view, at the same positions
                    try (Grad.Scope off = Grad.off()) {
                        base.mul_(-2.0);
                    }
                    double[] after = reference(base, x.shape(), inputs, maps);
                    assertTrue(Arrays.equals(after, x.toDoubleArray()), what + " after a write to its base");
                })));
    }

    @Test
    void anInPlaceWriteThroughAViewMovesTheSharedVersionSoASavedBaseIsCaught() {
        qt().withExamples(60).forAll(OpCase.cases(4)).checkAssert(c -> {
            Tensor x = values(Shape.of(c.dims(1)), DType.FLOAT64, c.seed()).requiresGrad_(true);
            Tensor y = x.exp(); // saves its output
            List<ViewOp> ops = opsFor(y.shape(), c.knob(0));
            ViewOp op = ops.get(c.knob(1) % ops.size());
            Tensor view = op.apply().apply(y.detach());
            int before = y.storage.version();
            try (Grad.Scope off = Grad.off()) {
                view.mul_(0.5);
            }
            assertEquals(before + 1, y.storage.version(), op + ": the write moved the shared version");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward(), op.name());
            assertTrue(e.getMessage().startsWith("exp: its output") && e.getMessage().contains("modified in place"),
                    e.getMessage());
        });
    }

    @Test
    void anInPlaceWriteThroughAViewChangesExactlyTheViewedElementsOfTheBase() {
        qt().withExamples(100).forAll(OpCase.cases(4)).checkAssert(c -> {
            Tensor base = values(Shape.of(c.dims(1)), DType.FLOAT64, c.seed());
            List<ViewOp> ops = opsFor(base.shape(), c.knob(0));
            ViewOp op = ops.get(c.knob(1) % ops.size());
            Tensor view = op.apply().apply(base);
            double[] expected = base.toDoubleArray();
            Shape vs = view.shape();
            boolean[] hit = new boolean[expected.length];
            for (int i = 0; i < vs.numel(); i++) {
                int p = flatten(base.shape(), op.map().source(base.shape(), unflatten(vs, i)));
                if (!hit[p]) { // a broadcast view repeats positions; each is scaled once
                    expected[p] *= 3.0;
                    hit[p] = true;
                }
            }
            assertSame(view, view.mul_(3.0));
            assertTrue(Arrays.equals(expected, base.toDoubleArray()), op + ": " + base);
            assertSame(view, view.zero_());
            for (int p = 0; p < expected.length; p++) if (hit[p]) expected[p] = 0;
            assertTrue(Arrays.equals(expected, base.toDoubleArray()), op + " zero_: " + base);
        });
    }

    @Test
    void contiguousCopiesOnlyWhatIsNotRowMajor() {
        Tensor x = Tensor.arange(6, DType.FLOAT64).reshape(2, 3);
        assertSame(x, x.contiguous());
        Tensor t = x.t();
        assertSame(x.storage, t.storage);
        Tensor c = t.contiguous();
        assertTrue(c.storage != x.storage);
        assertTrue(Arrays.equals(new double[] {0, 3, 1, 4, 2, 5}, c.toDoubleArray()));
        Tensor row = x.select(0, 1); // contiguous within the storage, at an offset
        assertSame(row, row.contiguous());
        assertSame(x.storage, x.narrow(1, 1, 2).reshape(2, 2, 1).storage, "a reshape that strides express is a view");
        assertSame(x.storage, x.t().reshape(1, 3, 2).storage, "inserting a dimension into a transpose too");
        assertTrue(x.narrow(1, 1, 2).reshape(4).storage != x.storage, "flattening strided rows copies");
        assertTrue(Arrays.equals(new double[] {1, 2, 4, 5}, x.narrow(1, 1, 2).reshape(4).toDoubleArray()));
        assertTrue(x.t().reshape(6).storage != x.storage, "flattening a transpose copies");
    }

    // ---------------------------------------------------------------- the copying reference

    private static double[] reference(Tensor base, Shape out, List<Shape> inputs, List<IndexMap> maps) {
        double[] src = base.toDoubleArray();
        double[] result = new double[out.numel()];
        for (int i = 0; i < result.length; i++) {
            int[] idx = unflatten(out, i);
            for (int k = maps.size() - 1; k >= 0; k--) idx = maps.get(k).source(inputs.get(k), idx);
            result[i] = src[flatten(base.shape(), idx)];
        }
        return result;
    }

    static Tensor values(Shape s, DType dtype, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[s.numel()];
        for (int i = 0; i < v.length; i++) v[i] = Math.round(rng.nextDouble(-8, 8) * 4) / 4.0; // exact in float32
        Tensor t = Tensor.of(v, s);
        return dtype == DType.FLOAT64 ? t : t.toFloat();
    }

    private static int[] unflatten(Shape s, int flat) {
        int[] idx = new int[s.rank()];
        for (int i = s.rank() - 1; i >= 0; i--) {
            idx[i] = flat % s.dim(i);
            flat /= s.dim(i);
        }
        return idx;
    }

    private static int flatten(Shape s, int[] idx) {
        int flat = 0;
        for (int i = 0; i < idx.length; i++) flat = flat * s.dim(i) + idx[i];
        return flat;
    }

    private static Shape swap(Shape s, int a, int b) {
        int[] d = s.toArray();
        int t = d[a];
        d[a] = d[b];
        d[b] = t;
        return Shape.of(d);
    }

    private static int[] swapped(int[] o, int a, int b) {
        int[] d = o.clone();
        d[a] = o[b];
        d[b] = o[a];
        return d;
    }

    private static Shape permuted(Shape s, int[] perm) {
        int[] d = new int[perm.length];
        for (int i = 0; i < perm.length; i++) d[i] = s.dim(perm[i]);
        return Shape.of(d);
    }

    private static int[] shifted(int[] o, int a, int by) {
        int[] d = o.clone();
        d[a] += by;
        return d;
    }

    private static int[] inserted(int[] o, int a, int value) {
        int[] d = new int[o.length + 1];
        for (int i = 0, j = 0; i < d.length; i++) d[i] = i == a ? value : o[j++];
        return d;
    }

    private static Tensor last(List<Tensor> xs) {
        return xs.get(xs.size() - 1);
    }

    @Test
    void copyAndAddThroughAViewWriteTheViewedPositionsOfTheBaseOnce() {
        qt().withExamples(100).forAll(OpCase.cases(4)).checkAssert(c -> {
            for (DType dtype : DType.values()) {
                Tensor base = values(Shape.of(c.dims(1)), dtype, c.seed());
                List<ViewOp> ops = opsFor(base.shape(), c.knob(0));
                ViewOp op = ops.get(c.knob(1) % ops.size());
                Tensor view = op.apply().apply(base);
                Tensor src = values(view.shape(), dtype, c.seed() + 1);
                boolean scalar = c.knob(2) % 2 == 0;
                Tensor other = scalar ? Tensor.scalar(0.75, dtype) : src;
                double[] copied = base.toDoubleArray();
                double[] added = base.toDoubleArray();
                double[] s = src.toDoubleArray();
                boolean[] hit = new boolean[copied.length];
                for (int i = 0; i < view.numel(); i++) {
                    int[] idx = unflatten(view.shape(), i);
                    int p = flatten(base.shape(), op.map().source(base.shape(), idx));
                    if (!hit[p]) { // the first view element at a position: index 0 along repeated dimensions
                        hit[p] = true;
                        copied[p] = s[i];
                        added[p] += -2.0 * (scalar ? 0.75 : s[i]);
                    }
                }
                Tensor b2 = values(base.shape(), dtype, c.seed());
                Tensor v2 = op.apply().apply(b2);
                assertSame(view, view.copy_(src));
                assertTrue(Arrays.equals(copied, base.toDoubleArray()), op + " copy_: " + base);
                assertSame(v2, v2.add_(other, -2.0));
                assertTrue(Arrays.equals(added, b2.toDoubleArray()), op + " add_: " + b2);
                // a dense target reading a strided view
                Tensor dense = Tensor.zeros(view.shape(), dtype);
                dense.copy_(v2);
                assertTrue(Arrays.equals(v2.toDoubleArray(), dense.toDoubleArray()), op + ": dense.copy_(view)");
                dense.add_(v2, 1.0);
                assertTrue(Arrays.equals(v2.mul(2.0).toDoubleArray(), dense.toDoubleArray()), op + ": dense.add_(view)");
            }
        });
    }

    @Test
    void anInPlaceOpReadingItsOwnStorageReadsTheValuesBeforeTheWrite() {
        Tensor x = Tensor.arange(9, DType.FLOAT64).reshape(3, 3);
        x.copy_(x.t());
        assertTrue(Arrays.equals(new double[] {0, 3, 6, 1, 4, 7, 2, 5, 8}, x.toDoubleArray()), x.toString());
        Tensor y = Tensor.arange(9, DType.FLOAT32).reshape(3, 3);
        y.t().add_(y, 1.0); // yᵀ += y, i.e. y += yᵀ
        assertTrue(Arrays.equals(new double[] {0, 4, 8, 4, 8, 12, 8, 12, 16}, y.toDoubleArray()), y.toString());
    }

    @Test
    void inPlaceOpsRefuseGraphTensorsAndBadOperands() {
        Tensor w = Tensor.of(new double[] {1, 2}).requiresGrad_(true);
        Tensor y = w.mul(2.0);
        Tensor two = Tensor.of(new double[] {3, 4});
        for (Tensor t : List.of(w, y, y.reshape(2, 1))) { // w: a leaf requiring grad with recording on
            assertThrows(IllegalArgumentException.class, () -> t.copy_(two.reshape(t.shape().toArray())));
            assertThrows(IllegalArgumentException.class, () -> t.add_(two.reshape(t.shape().toArray()), 1.0));
            assertThrows(IllegalArgumentException.class, () -> t.mul_(2.0));
            assertThrows(IllegalArgumentException.class, t::zero_);
        }
        Tensor x = Tensor.of(new double[] {1, 2});
        assertThrows(IllegalArgumentException.class, () -> x.add_(Tensor.of(new float[] {1, 2}), 1.0));
        assertThrows(IllegalArgumentException.class, () -> x.add_(Tensor.of(new double[] {1, 2, 3}), 1.0));
        assertThrows(IllegalArgumentException.class, () -> x.copy_(Tensor.of(new float[] {1, 2})));
        assertTrue(Arrays.equals(new double[] {1, 2}, x.toDoubleArray()), "a refused op wrote nothing");
    }

    @Test
    void edgeCasesOfTheViewOps() {
        Tensor x = Tensor.arange(12, DType.FLOAT64).reshape(3, 4);
        assertTrue(Arrays.equals(new double[] {2, 3, 6, 7, 10, 11}, x.narrow(1, 2, 2).toDoubleArray()), "to the end");
        assertTrue(Arrays.equals(new double[] {0, 1, 4, 5, 8, 9}, x.narrow(1, 0, 2).toDoubleArray()), "from 0");
        assertSame(x, x.narrow(1, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> x.narrow(1, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> x.chunk(0, 0));
        Tensor p = x.permute(-1, 0);
        assertEquals(Shape.of(4, 3), p.shape());
        assertTrue(Arrays.equals(x.t().toDoubleArray(), p.toDoubleArray()));
        Tensor empty = Tensor.zeros(DType.FLOAT64, 0, 3);
        assertEquals(Shape.of(3, 0), empty.t().reshape(3, 0).shape());
        assertEquals(Shape.of(0), empty.t().reshape(-1).shape());
        assertTrue(Arrays.equals(new float[] {0.5f, 1.5f}, Tensor.of(new double[] {0.5, 1.5}).toFloatArray()));
        assertTrue(Arrays.equals(new double[] {0.5, 1.5}, Tensor.of(new float[] {0.5f, 1.5f}).toDoubleArray()));
        assertTrue(Arrays.equals(new float[] {1, 5, 9}, x.t().select(0, 1).toFloatArray()), "converting a view");
    }
}
