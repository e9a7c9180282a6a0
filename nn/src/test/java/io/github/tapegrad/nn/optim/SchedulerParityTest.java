package io.github.tapegrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.checkpoint.SafeTensors;
import io.github.tapegrad.nn.checkpoint.SafeTensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/** Learning rates per epoch against PyTorch's schedulers (make_fixtures.py, torch 1.13), to 1e-10 relative. */
class SchedulerParityTest {
    private static final Map<String, Function<Optimizer, LRScheduler>> MAKE = Map.of(
            "step", o -> LRScheduler.step(o, 3, 0.5),
            "exponential", o -> LRScheduler.exponential(o, 0.9),
            "cosine", o -> LRScheduler.cosine(o, 24, 0.001),
            "linear", o -> LRScheduler.linear(o, 0.25, 1.0, 8),
            "one_cycle", o -> LRScheduler.oneCycle(o, 1.0, 24, 0.3, 25, 1e4));

    private static SafeTensorsFile fixture() throws IOException {
        return SafeTensors.read(Path.of("src/test/resources/fixtures/schedulers_f64.safetensors"));
    }

    private static Optimizer sgd() {
        return new SGD(Map.of("theta", Tensor.zeros(DType.FLOAT64, 1).requiresGrad_(true)), 0.1);
    }

    private static void assertLr(double expected, double actual, String what) {
        assertTrue(Math.abs(actual - expected) <= 1e-15 + 1e-10 * Math.abs(expected),
                () -> what + ": " + actual + " vs torch " + expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"step", "exponential", "cosine", "linear", "one_cycle"})
    void followsPyTorchsSchedule(String name) throws IOException {
        double[] expected = fixture().tensors().get(name + ".lr").f64();
        Optimizer opt = sgd();
        LRScheduler schedule = MAKE.get(name).apply(opt);
        assertLr(expected[0], opt.lr(), name + " before epoch 1");
        for (int e = 1; e < expected.length; e++) {
            schedule.step();
            assertLr(expected[e], opt.lr(), name + " after epoch " + e);
        }
        // resuming from the state continues the same schedule
        Optimizer other = sgd();
        LRScheduler resumed = MAKE.get(name).apply(other);
        resumed.loadState(schedule.state());
        assertEquals(opt.lr(), other.lr(), name);
    }

    @Test
    void plateauFollowsPyTorch() throws IOException {
        SafeTensorsFile f = fixture();
        double[] expected = f.tensors().get("plateau.lr").f64();
        double[] metrics = f.tensors().get("plateau.metrics").f64();
        Optimizer opt = sgd();
        ReduceLROnPlateau plateau = new ReduceLROnPlateau(opt, 0.5, 2, 1e-4, 1, 0, 1e-8);
        double lowest = opt.lr();
        for (int e = 1; e < expected.length; e++) {
            plateau.step(metrics[e - 1]);
            assertLr(expected[e], opt.lr(), "plateau after epoch " + e);
            lowest = Math.min(lowest, opt.lr());
        }
        assertTrue(lowest < 0.1 / 4, "the fixture's plateaus reduce the rate at least twice: " + lowest);
        Optimizer other = sgd();
        other.setLr(opt.lr());
        ReduceLROnPlateau resumed = new ReduceLROnPlateau(other, 0.5, 2, 1e-4, 1, 0, 1e-8);
        resumed.loadState(plateau.state());
        assertEquals(plateau.state(), resumed.state());
    }

    @Test
    void oneCycleRefusesToStepPastItsTotal() {
        Optimizer opt = sgd();
        LRScheduler s = LRScheduler.oneCycle(opt, 1.0, 4, 0.3, 25, 1e4);
        for (int e = 0; e < 4; e++) {
            s.step();
        }
        assertThrows(IllegalStateException.class, s::step);
    }
}
