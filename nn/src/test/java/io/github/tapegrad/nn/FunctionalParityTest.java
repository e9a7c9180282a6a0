package io.github.tapegrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tapegrad.autograd.Functional;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.checkpoint.SafeTensors;
import io.github.tapegrad.nn.checkpoint.TensorData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * autograd's functional transforms against torch.autograd.functional on g(x, W) = tanh(W·x) and
 * s(x, W) = Σ tanh(W·x)² + Σ x³ (make_fixtures.py, torch 1.13), to 1e-10 relative.
 */
class FunctionalParityTest {
    private static final Function<List<Tensor>, Tensor> G = in -> in.get(1).matmul(in.get(0)).tanh();
    private static final Function<List<Tensor>, Tensor> S = in -> {
        Tensor a = in.get(1).matmul(in.get(0)).tanh();
        Tensor x = in.get(0);
        return a.mul(a).sum().add(x.mul(x).mul(x).sum());
    };

    private static Map<String, Tensor> fixture() throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        Map<String, TensorData> raw = SafeTensors.read(Path.of("src/test/resources/fixtures/functional_f64.safetensors"))
                .tensors();
        raw.forEach((k, v) -> t.put(k, Tensor.of(v.f64(), v.shape())));
        return t;
    }

    private static void close(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.shape(), actual.shape(), what);
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            int at = i;
            assertTrue(Math.abs(a[i] - e[i]) <= 1e-12 + 1e-10 * Math.abs(e[i]),
                    () -> what + "[" + at + "]: " + a[at] + " vs torch " + e[at] + " in " + Arrays.toString(a));
        }
    }

    @Test
    void everyTransformMatchesPyTorch() throws IOException {
        Map<String, Tensor> t = fixture();
        List<Tensor> xw = List.of(t.get("x"), t.get("w"));
        Functional.Vjp vjp = Functional.vjp(G, xw, t.get("v"));
        close(t.get("vjp.x"), vjp.gradients().get(0), "vjp x");
        close(t.get("vjp.w"), vjp.gradients().get(1), "vjp W");
        close(t.get("jvp"), Functional.jvp(G, xw, List.of(t.get("tx"), t.get("tw"))).tangent(), "jvp");
        List<Tensor> jac = Functional.jacobian(G, xw);
        close(t.get("jacobian.x"), jac.get(0), "jacobian x");
        close(t.get("jacobian.w"), jac.get(1), "jacobian W");
        Tensor w = t.get("w");
        close(t.get("hessian.x"), Functional.hessian(x -> S.apply(List.of(x, w)), t.get("x")), "hessian x");
        List<Tensor> hvp = Functional.hvp(S, xw, List.of(t.get("tx"), t.get("tw")));
        close(t.get("hvp.x"), hvp.get(0), "hvp x");
        close(t.get("hvp.w"), hvp.get(1), "hvp W");
        assertTrue(!t.get("x").requiresGrad() && t.get("x").grad() == null, "the caller's tensors are untouched");
    }

    @Test
    void badInputNamesTheTransformAndTheShapes() throws IOException {
        Map<String, Tensor> t = fixture();
        List<Tensor> xw = List.of(t.get("x"), t.get("w"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Functional.vjp(G, xw, t.get("x")));
        assertTrue(e.getMessage().startsWith("vjp: v must be [2, 1]") && e.getMessage().contains("[3, 1]"),
                e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Functional.hvp(G, xw, List.of(t.get("tx"),
                t.get("tw")))).getMessage().contains("hvp: the function must return a scalar"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Functional.jvp(G, xw, List.of(t.get("tx"))))
                .getMessage().contains("jvp: one tangent per input"));
    }
}
