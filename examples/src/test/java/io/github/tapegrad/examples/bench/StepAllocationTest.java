package io.github.tapegrad.examples.bench;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.nn.LSTM;
import io.github.tapegrad.nn.Recurrent;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The goal of step scopes, checked on config A itself (one-hot V = 28, LSTM H = 256, B = 32, T = 35, Linear head,
 * cross-entropy, clip, SGD): after warm-up a training step of nn's LSTM and of the user-written cell allocates at
 * most 5 % of the activations BPTT must keep (i, f, g, o, c, tanh c, h per time step: 8.0 MB in float32), counted
 * in bytes by ThreadMXBean on the calling thread and the kernel workers. Bytes, not time: buffer reuse is a
 * correctness property. Warm-up ends when a window of steps is under the bound (the JIT must first compile the
 * Vector API kernels, whose interpreted code allocates), or the test fails after a long one.
 */
class StepAllocationTest {
    private static final int WINDOW = 5;
    private static final int MIN_WARMUP = 10;
    private static final int MAX_STEPS = 200;

    @Test
    void aConfigATrainingStepAllocatesAtMostFivePercentOfItsActivations() {
        BenchSize size = new BenchSize(BenchConfig.A, DType.FLOAT32, 32, 35, 28, 256, 28);
        BenchData data = BenchData.generate(size, 42);
        long activations = 4L * 7 * size.batch() * size.hidden() * size.steps();
        check(new AutogradWorkload("autograd", data, new LSTM(size.input(), size.hidden(), size.dtype(), new Random(1))),
                activations);
        check(new AutogradWorkload("custom", data, new Recurrent(CustomLstmCell::new,
                    Recurrent.options(size.input(), size.hidden()).dtype(size.dtype()))), activations);
    }

    private static void check(Workload w, long activations) {
        long bound = activations / 20;
        for (int i = 0; i < MIN_WARMUP; i++) {
            w.step();
        }
        AllocationMeter meter = AllocationMeter.forCurrentThread();
        assertNotNull(meter, "this JVM cannot count allocated bytes per thread");
        long best = Long.MAX_VALUE;
        for (int done = MIN_WARMUP; done < MAX_STEPS; done += WINDOW) {
            long before = meter.allocatedBytes();
            for (int i = 0; i < WINDOW; i++) {
                w.step();
            }
            long perStep = (meter.allocatedBytes() - before) / WINDOW;
            if (perStep <= bound) {
                return;
            }
            best = Math.min(best, perStep);
        }
        fail(w.name() + ": after " + MAX_STEPS + " steps a step still allocated " + best + " bytes (best window); the"
                + " activations are " + activations + " bytes, 5 % of them " + bound);
    }
}
