package io.github.tapegrad.nn.optim;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a scheduler says about itself for a checkpoint (kind, config, state), and the states it refuses. */
class SchedulerStateTest {
    private static Optimizer sgd() {
        return new SGD(Map.of("theta", Tensor.zeros(DType.FLOAT64, 1).requiresGrad_(true)), 0.1);
    }

    private static Map<String, Double> map(Object... namesAndValues) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.put((String) namesAndValues[i], ((Number) namesAndValues[i + 1]).doubleValue());
        }
        return out;
    }

    @Test
    void kindAndConfigUseTorchsNamesWithTheBaseRateFirst() {
        Optimizer o = sgd();
        record Case(Scheduler scheduler, String kind, Map<String, Double> config) {
        }
        for (Case c : List.of(
                new Case(LRScheduler.step(sgd(), 3, 0.5), "StepLR", map("base_lr", 0.1, "step_size", 3, "gamma", 0.5)),
                new Case(LRScheduler.exponential(sgd(), 0.9), "ExponentialLR", map("base_lr", 0.1, "gamma", 0.9)),
                new Case(LRScheduler.cosine(sgd(), 24, 0.001), "CosineAnnealingLR",
                        map("base_lr", 0.1, "T_max", 24, "eta_min", 0.001)),
                new Case(LRScheduler.linear(sgd(), 0.25, 1.0, 8), "LinearLR",
                        map("base_lr", 0.1, "start_factor", 0.25, "end_factor", 1.0, "total_iters", 8)),
                new Case(LRScheduler.oneCycle(sgd(), 1.0, 24, 0.3, 25, 1e4), "OneCycleLR", map("base_lr", 1.0 / 25,
                        "max_lr", 1.0, "total_steps", 24, "pct_start", 0.3, "div_factor", 25, "final_div_factor", 1e4)),
                new Case(new ReduceLROnPlateau(sgd()), "ReduceLROnPlateau", map("factor", 0.1, "patience", 10,
                        "threshold", 1e-4, "cooldown", 0, "min_lr", 0, "eps", 1e-8)))) {
            assertEquals(c.kind(), c.scheduler().kind());
            assertEquals(List.copyOf(c.config().entrySet()), List.copyOf(c.scheduler().config().entrySet()), c.kind());
        }
        assertSame(o, LRScheduler.step(o, 1, 0.5).optimizer());
        assertSame(o, new ReduceLROnPlateau(o).optimizer());
    }

    @Test
    void aRefusedStateChangesNothing() {
        Optimizer o = sgd();
        LRScheduler s = LRScheduler.oneCycle(o, 1.0, 10, 0.3, 25, 1e4);
        s.step();
        s.step();
        double lr = o.lr();
        for (Map<String, Double> bad : List.of(map("last_epoch", 11), map("last_epoch", -1), map("last_epoch", 2.5),
                map("last_epoch", Double.NaN), map(), map("last_epoch", 3, "epoch", 3))) {
            assertThrows(IllegalArgumentException.class, () -> s.loadState(bad), bad.toString());
            assertEquals(2, s.epoch());
            assertEquals(lr, o.lr());
        }
        assertEquals("OneCycleLR: state keys must be [last_epoch], got missing [last_epoch], unexpected [epoch]",
                assertThrows(IllegalArgumentException.class, () -> s.checkState(map("epoch", 3))).getMessage());
        s.loadState(map("last_epoch", 10));
        assertEquals(10, s.epoch());

        ReduceLROnPlateau p = new ReduceLROnPlateau(o, 0.5, 2, 1e-4, 3, 0, 1e-8);
        p.step(1.0);
        p.step(1.0);
        Map<String, Double> state = p.state();
        for (Map<String, Double> bad : List.of(map("best", 1.0, "num_bad_epochs", 3, "cooldown_counter", 0),
                map("best", 1.0, "num_bad_epochs", 0, "cooldown_counter", 4),
                map("best", Double.NaN, "num_bad_epochs", 0, "cooldown_counter", 0),
                map("best", 1.0, "num_bad_epochs", 0))) {
            assertThrows(IllegalArgumentException.class, () -> p.loadState(bad), bad.toString());
            assertEquals(state, p.state());
        }
        p.loadState(map("best", Double.POSITIVE_INFINITY, "num_bad_epochs", 2, "cooldown_counter", 3));
        assertEquals(map("best", Double.POSITIVE_INFINITY, "num_bad_epochs", 2, "cooldown_counter", 3), p.state());
    }

    @Test
    void oneCycleRefusedPastItsTotalKeepsItsLastState() {
        Optimizer o = sgd();
        LRScheduler s = LRScheduler.oneCycle(o, 1.0, 4, 0.3, 25, 1e4);
        for (int e = 0; e < 4; e++) {
            s.step();
        }
        double lr = o.lr();
        assertThrows(IllegalStateException.class, s::step);
        assertEquals(4, s.epoch(), "a refused step is not counted, so the state stays one a checkpoint can hold");
        assertEquals(lr, o.lr());
        s.checkState(s.state());
    }
}
