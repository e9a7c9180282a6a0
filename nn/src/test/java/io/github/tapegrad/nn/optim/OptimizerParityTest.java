package io.github.tapegrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.checkpoint.SafeTensors;
import io.github.tapegrad.nn.checkpoint.SafeTensorsFile;
import io.github.tapegrad.nn.checkpoint.TensorData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Trajectories against PyTorch's own optimizers: a parameter after 20 steps on one fixed sequence of gradients
 * (nn/src/test/fixtures/make_fixtures.py, torch 1.13), to 1e-10 relative.
 */
class OptimizerParityTest {
    private static final Map<String, Function<Map<String, Tensor>, Optimizer>> MAKE = new LinkedHashMap<>();

    static {
        MAKE.put("sgd_nesterov", ps -> new SGD(ps, 0.1, 0.9, 0, true, 0.01));
        MAKE.put("sgd_dampening", ps -> new SGD(ps, 0.1, 0.9, 0.1, false, 0));
        MAKE.put("adam_amsgrad", ps -> new Adam(ps, 0.01, 0.9, 0.999, 1e-8, 0.01).amsgrad(true));
        MAKE.put("adamw", ps -> new AdamW(ps, 0.01, 0.9, 0.999, 1e-8, 0.1));
        MAKE.put("rmsprop", ps -> new RMSprop(ps, 0.01, 0.99, 1e-8, 0, 0, false));
        MAKE.put("rmsprop_centered", ps -> new RMSprop(ps, 0.01, 0.9, 1e-8, 0.01, 0.5, true));
        MAKE.put("adagrad", ps -> new Adagrad(ps, 0.1, 0.01, 0.01, 0.1, 1e-10));
    }

    private static Tensor tensor(TensorData d) {
        return Tensor.of(d.f64(), d.shape());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd_nesterov", "sgd_dampening", "adam_amsgrad", "adamw", "rmsprop", "rmsprop_centered",
            "adagrad"})
    void followsPyTorchsTrajectory(String name) throws IOException {
        SafeTensorsFile f = SafeTensors.read(Path.of("src/test/resources/fixtures/optimizers_f64.safetensors"));
        Tensor theta = tensor(f.tensors().get("theta0")).detach().requiresGrad_(true);
        Tensor grads = tensor(f.tensors().get("grads"));
        Optimizer opt = MAKE.get(name).apply(Map.of("theta", theta));
        int steps = Integer.parseInt(f.metadata().get("steps"));
        for (int k = 0; k < steps; k++) {
            opt.zeroGrad();
            theta.mul(grads.select(0, k)).sum().backward(); // ∂/∂θ Σ θ·G = G exactly
            opt.step();
        }
        double[] expected = f.tensors().get(name + ".theta").f64();
        double[] actual = theta.toDoubleArray();
        assertEquals(expected.length, actual.length);
        double moved = 0;
        for (int i = 0; i < expected.length; i++) {
            int at = i;
            assertTrue(Math.abs(actual[i] - expected[i]) <= 1e-12 + 1e-10 * Math.abs(expected[i]),
                    () -> name + "[" + at + "]: " + actual[at] + " vs torch " + expected[at]);
            moved = Math.max(moved, Math.abs(expected[i] - f.tensors().get("theta0").f64()[i]));
        }
        assertTrue(moved > 1e-3, name + ": the trajectory moved the parameter");
    }

    /** The state carries everything: 10 steps, state into a fresh optimizer, 10 more = 20 steps, bit for bit. */
    @ParameterizedTest
    @ValueSource(strings = {"sgd_nesterov", "adam_amsgrad", "rmsprop_centered", "adagrad"})
    void stateResumesBitForBit(String name) throws IOException {
        SafeTensorsFile f = SafeTensors.read(Path.of("src/test/resources/fixtures/optimizers_f64.safetensors"));
        Tensor grads = tensor(f.tensors().get("grads"));
        Tensor straight = tensor(f.tensors().get("theta0")).detach().requiresGrad_(true);
        Optimizer one = MAKE.get(name).apply(Map.of("theta", straight));
        run(one, straight, grads, 0, 20);
        Tensor resumed = tensor(f.tensors().get("theta0")).detach().requiresGrad_(true);
        Optimizer first = MAKE.get(name).apply(Map.of("theta", resumed));
        run(first, resumed, grads, 0, 10);
        Optimizer second = MAKE.get(name).apply(Map.of("theta", resumed));
        second.loadState(first.state());
        run(second, resumed, grads, 10, 20);
        assertEquals(java.util.Arrays.toString(straight.toDoubleArray()), java.util.Arrays.toString(resumed.toDoubleArray()),
                name);
    }

    private static void run(Optimizer opt, Tensor theta, Tensor grads, int from, int to) {
        for (int k = from; k < to; k++) {
            opt.zeroGrad();
            theta.mul(grads.select(0, k)).sum().backward();
            opt.step();
        }
    }
}
