package io.github.tapegrad.autograd;

import io.github.tapegrad.autograd.fused.FusedOps;
import io.github.tapegrad.autograd.kernels.LstmPointwise;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * A/B in one JVM: lstmPointwise as the library wrote it before the Primitive API (straight onto
 * {@code Tape.recordMany}, copied below as {@link Legacy}) against {@link FusedOps#lstmPointwise} (a
 * {@link Primitive}); and the per-call cost of the API alone, on a two-in, two-out op whose forward writes one
 * element per output. Blocks (a T = 35 chain in a step scope, forward with recording and backward, or forward with
 * grad off) alternate between the two in changing order, so load from other processes hits both alike; each block's
 * thread CPU time and allocated bytes are taken, after a long warm-up (the JIT must have compiled both paths).
 * Not a test: no timing is asserted anywhere. Run from the repository root after
 * {@code mvn -o -q -pl autograd test-compile}:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp autograd/target/classes:autograd/target/test-classes \
 *     io.github.tapegrad.autograd.PrimitiveOverheadBenchMain [blocks]
 * </pre>
 */
public final class PrimitiveOverheadBenchMain {
    private PrimitiveOverheadBenchMain() {
    }

    private static final int T = 35;
    // java.management through reflection: the test sources compile inside the module, which does not read it
    private static final Object THREADS;
    private static final MethodHandle CPU;
    private static final MethodHandle ALLOCATED;

    static {
        try {
            THREADS = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            Class<?> bean = Class.forName("com.sun.management.ThreadMXBean");
            CPU = MethodHandles.publicLookup().findVirtual(bean, "getCurrentThreadCpuTime", MethodType.methodType(long.class));
            ALLOCATED = MethodHandles.publicLookup().findVirtual(bean, "getCurrentThreadAllocatedBytes",
                    MethodType.methodType(long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static long cpu() {
        try {
            return (long) CPU.invoke(THREADS);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static long allocated() {
        try {
            return (long) ALLOCATED.invoke(THREADS);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) {
        int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        System.out.println("per call: mean / median / 10th percentile of thread CPU time per block; bytes allocated");
        for (int[] size : new int[][] {{4, 16}, {32, 256}}) {
            for (DType dtype : DType.values()) {
                for (boolean train : new boolean[] {true, false}) {
                    int n = size[0] * size[1] <= 64 ? blocks : Math.max(100, blocks / 20);
                    compare("lstmPointwise", Legacy::lstmPointwise, FusedOps::lstmPointwise, dtype, size[0], size[1],
                            train, n);
                }
            }
        }
        for (boolean train : new boolean[] {true, false}) { // last: the JIT has settled by now
            compare("API alone (1-element op)", Probe::legacy, Probe::primitive, DType.FLOAT32, 1, 1, train, blocks);
        }
    }

    private static void compare(String what, BiFunction<Tensor, Tensor, List<Tensor>> legacy,
                                BiFunction<Tensor, Tensor, List<Tensor>> primitive, DType dtype, int b, int h,
                                boolean train, int blocks) {
        SplittableRandom rng = new SplittableRandom(1);
        List<Tensor> gates = new ArrayList<>();
        for (int t = 0; t < T; t++) gates.add(Tensor.randn(rng, dtype, b, 4 * h).requiresGrad_(train));
        Tensor c0 = Tensor.zeros(dtype, b, h);
        Tensor up = Tensor.ones(dtype, b, h);
        List<BiFunction<Tensor, Tensor, List<Tensor>>> ops = List.of(legacy, primitive);
        int warm = Math.max(200, blocks);
        double[][] ns = new double[2][blocks];
        long[] bytes = new long[2];
        for (int i = 0; i < warm + blocks; i++) {
            for (int j = 0; j < 2; j++) {
                int k = (i & 1) == 0 ? j : 1 - j;
                long a0 = allocated();
                long t0 = cpu();
                chain(ops.get(k), gates, c0, up, train);
                long t1 = cpu();
                long a1 = allocated();
                if (i >= warm) {
                    ns[k][i - warm] = (t1 - t0) / (double) T;
                    bytes[k] += a1 - a0;
                }
            }
        }
        double[] mean = {Arrays.stream(ns[0]).average().orElse(0), Arrays.stream(ns[1]).average().orElse(0)};
        for (double[] v : ns) Arrays.sort(v);
        System.out.printf("%-25s B=%-2d H=%-3d %s %-14s legacy %7.0f / %7.0f / %7.0f ns  primitive %7.0f / %7.0f / %7.0f ns"
                        + "  ratio %.3f / %.3f / %.3f  bytes %5.0f vs %5.0f%n",
                what, b, h, dtype, train ? "fwd+bwd" : "fwd, grad off", mean[0], ns[0][blocks / 2], ns[0][blocks / 10],
                mean[1], ns[1][blocks / 2], ns[1][blocks / 10], mean[1] / mean[0], ns[1][blocks / 2] / ns[0][blocks / 2],
                ns[1][blocks / 10] / ns[0][blocks / 10], bytes[0] / (double) blocks / T, bytes[1] / (double) blocks / T);
    }

    private static void chain(BiFunction<Tensor, Tensor, List<Tensor>> op, List<Tensor> gates, Tensor c0, Tensor up,
                              boolean train) {
        try (StepScope step = Grad.step()) {
            Tensor c = c0;
            Tensor h = null;
            for (Tensor g : gates) {
                List<Tensor> hc = op.apply(g, c);
                h = hc.get(0);
                c = hc.get(1);
            }
            if (train) {
                h.backward(up);
                for (Tensor g : gates) g.zeroGrad();
            }
        }
    }

    /** lstmPointwise as Fused wrote it before the Primitive API, on the tape's internal path. */
    static final class Legacy {
        private Legacy() {
        }

        static List<Tensor> lstmPointwise(Tensor gates, Tensor c) {
            String op = "lstmPointwise";
            Errors.sameDType(op, gates, c);
            if (gates.rank() != 2 || c.rank() != 2) {
                throw Errors.op(op, "expected gates [B, 4H] and c [B, H]", gates, c);
            }
            int rows = c.shape().dim(0);
            int hidden = c.shape().dim(1);
            if (gates.shape().dim(0) != rows || gates.shape().dim(1) != 4L * hidden) {
                throw Errors.op(op, "gates must be [B, 4H] for c [B, H]", gates, c);
            }
            Tensor act = Tensor.empty(gates.shape(), gates.dtype());
            Tensor cNext = Tensor.empty(c.shape(), c.dtype());
            Tensor tc = Tensor.empty(c.shape(), c.dtype());
            Tensor h = Tensor.empty(c.shape(), c.dtype());
            LstmPointwise.forward(Shaping.dense(gates).data(), Shaping.dense(c).data(), act.data(), cNext.data(),
                    tc.data(), h.data(), rows, hidden);
            Tensor[] outs = {h, cNext};
            Tape.recordMany(op, outs, Saves.INPUTS, gs -> fusedBackward(act, c, tc, gs[0], gs[1], rows, hidden),
                    gates, c);
            if (h.node() != null) {
                h.node().recycleOnRelease(act.storage, tc.storage);
            }
            return List.of(outs);
        }

        private static Tensor[] fusedBackward(Tensor act, Tensor c, Tensor tc, Tensor dh, Tensor dcNext, int rows,
                                              int hidden) {
            Tensor dGates = Tensor.empty(act.shape(), act.dtype());
            Tensor dc = Tensor.empty(c.shape(), c.dtype());
            LstmPointwise.backward(Shaping.dense(dh).data(), Shaping.dense(dcNext).data(), act.data(),
                    Shaping.dense(c).data(), tc.data(), dGates.data(), dc.data(), rows, hidden);
            return new Tensor[] {dGates, c.requiresGrad ? dc : null};
        }
    }

    /**
     * The API's own cost: an op on [B, 4H] and [B, H] returning two [B, H] outputs whose forward copies one element
     * into each and whose backward passes the gradient of the first output through, written both ways.
     */
    static final class Probe {
        private Probe() {
        }

        private static final Primitive<Void> PRIMITIVE = Primitive.<Void>define("bench.probe")
                .inputs("a", "b")
                .forward((ctx, in) -> {
                    Tensor b = in.get(1);
                    Tensor x = ctx.empty(b.shape(), b.dtype());
                    Tensor y = ctx.empty(b.shape(), b.dtype());
                    copyFirst(ctx.read(in.get(0)), ctx.write(x));
                    copyFirst(ctx.read(b), ctx.write(y));
                    ctx.save(in.get(0), b);
                    return List.of(x, y);
                })
                .fastVjp((ctx, g) -> new Tensor[] {null, g.get(1)})
                .example(null, Tensor.zeros(DType.FLOAT64, 1, 4), Tensor.zeros(DType.FLOAT64, 1, 1)
                        .requiresGrad_(true))
                .tolerance(new io.github.tapegrad.autograd.check.GradCheck.Tolerance(1e-6, 1e9, 1e9)) // not a real op
                .register();

        static List<Tensor> primitive(Tensor a, Tensor b) {
            return PRIMITIVE.apply(null, a, b);
        }

        static List<Tensor> legacy(Tensor a, Tensor b) {
            Errors.sameDType("bench.probe", a, b);
            Tensor x = Tensor.empty(b.shape(), b.dtype());
            Tensor y = Tensor.empty(b.shape(), b.dtype());
            copyFirst(Shaping.dense(a).data(), x.data());
            copyFirst(Shaping.dense(b).data(), y.data());
            Tensor[] outs = {x, y};
            Tape.recordMany("bench.probe", outs, Saves.INPUTS, gs -> new Tensor[] {null, gs[1]}, a, b);
            return List.of(outs);
        }

        private static void copyFirst(Object from, Object to) {
            if (to instanceof float[] f) {
                f[0] = ((float[]) from)[0];
            } else {
                ((double[]) to)[0] = ((double[]) from)[0];
            }
        }
    }
}
