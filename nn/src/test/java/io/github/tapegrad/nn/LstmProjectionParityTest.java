package io.github.tapegrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.checkpoint.SafeTensors;
import io.github.tapegrad.nn.checkpoint.SafeTensorsFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Agreement of {@code new LSTM(options.projSize(P))} with torch.nn.LSTM(proj_size=P): the {@code lstm_*_proj_f64}
 * fixtures written by {@code nn/src/test/fixtures/make_fixtures.py} (torch 1.13; H = 3, P = 2; 1-2 layers, uni- and
 * bidirectional, and a 2-layer bidirectional one with variable lengths, run through
 * {@code Recurrent.forward(x, lengths, initialStates)} where PyTorch ran pack_padded_sequence): outputs, final h and
 * c, and the gradients of every parameter (weight_hr_l* included), of x and of the initial states of
 * L = sum(output ⊙ w_out) + sum(h_n ⊙ w_h) + sum(c_n ⊙ w_c), to 1e-10 relative (atol 1e-12), as TorchParityTest
 * compares the unprojected fixtures.
 */
class LstmProjectionParityTest {
    private static final Path DIR = Path.of("src/test/resources/fixtures");
    private static final double RTOL = 1e-10;
    private static final double ATOL = 1e-12;

    @ParameterizedTest
    @ValueSource(strings = {"lstm_l1_uni_proj_f64", "lstm_l1_bi_proj_f64", "lstm_l2_uni_proj_f64",
            "lstm_l2_bi_proj_f64", "lstm_l2_bi_len_proj_f64"})
    void matchesPyTorch(String name) throws IOException {
        Path file = DIR.resolve(name + ".safetensors");
        assertTrue(Files.exists(file), () -> file + " is missing (PyTorch fixtures for proj_size)");
        SafeTensorsFile f = SafeTensors.read(file);
        Map<String, String> meta = f.metadata();
        Map<String, Tensor> t = new LinkedHashMap<>();
        f.tensors().forEach((k, v) -> t.put(k, Tensor.of(v.f64(), v.shape())));
        assertEquals("lstm", meta.get("kind"));
        int[] lengths = null;
        if (t.containsKey("lengths")) {
            double[] l = t.get("lengths").toDoubleArray();
            lengths = new int[l.length];
            for (int b = 0; b < l.length; b++) {
                lengths[b] = (int) l[b];
            }
        }
        int proj = Integer.parseInt(meta.get("proj_size"));
        int layers = Integer.parseInt(meta.get("layers"));
        boolean bi = Boolean.parseBoolean(meta.get("bidirectional"));
        Tensor x = t.get("x").detach().requiresGrad_(true);
        int hidden = t.get("c0").dim(2);
        assertEquals(proj, t.get("h0").dim(2), "h0 is [layers·dirs, B, P]");
        LSTM net = new LSTM(Recurrent.options(x.dim(2), hidden).projSize(proj).layers(layers).bidirectional(bi)
                .dtype(DType.FLOAT64));
        Map<String, Tensor> weights = new LinkedHashMap<>();
        List<String> torchNames = new ArrayList<>();
        t.keySet().stream().filter(k -> k.startsWith("weight_") || k.startsWith("bias_")).forEach(torchNames::add);
        assertEquals(torchNames, List.copyOf(net.namedParameters().keySet()), "torch's names, in torch's order");
        net.namedParameters().keySet().forEach(k -> weights.put(k, t.get(k)));
        net.loadStateDict(weights, true);

        int cells = net.cells().size();
        List<Tensor> h0 = new ArrayList<>();
        List<Tensor> c0 = new ArrayList<>();
        List<State> init = new ArrayList<>();
        for (int k = 0; k < cells; k++) {
            h0.add(t.get("h0").select(0, k).detach().requiresGrad_(true));
            c0.add(t.get("c0").select(0, k).detach().requiresGrad_(true));
            init.add(State.of(h0.get(k), c0.get(k)));
        }
        RecurrentOutput out = lengths == null ? net.forward(x, init) : net.forward(x, lengths, init);
        Tensor loss = out.outputs().mul(t.get("w_out")).sum();
        for (int k = 0; k < cells; k++) {
            loss = loss.add(out.finalStates().get(k).h().mul(t.get("w_h").select(0, k)).sum())
                    .add(out.finalStates().get(k).get(1).mul(t.get("w_c").select(0, k)).sum());
        }
        loss.backward();

        close(t.get("output"), out.outputs(), name + " output");
        for (int k = 0; k < cells; k++) {
            close(t.get("h_n").select(0, k), out.finalStates().get(k).h(), name + " h_n[" + k + "]");
            close(t.get("c_n").select(0, k), out.finalStates().get(k).get(1), name + " c_n[" + k + "]");
            close(t.get("grad.h0").select(0, k), h0.get(k).grad(), name + " grad h0[" + k + "]");
            close(t.get("grad.c0").select(0, k), c0.get(k).grad(), name + " grad c0[" + k + "]");
        }
        close(t.get("grad.x"), x.grad(), name + " grad x");
        for (Map.Entry<String, Tensor> p : net.namedParameters().entrySet()) {
            close(t.get("grad." + p.getKey()), p.getValue().grad(), name + " grad " + p.getKey());
        }
    }

    private static void close(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.shape(), actual.shape(), what);
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            int at = i;
            assertTrue(Math.abs(a[i] - e[i]) <= ATOL + RTOL * Math.abs(e[i]),
                    () -> what + "[" + at + "]: " + a[at] + " vs torch " + e[at]);
        }
    }
}
