package io.github.tapegrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.checkpoint.SafeTensors;
import io.github.tapegrad.nn.checkpoint.SafeTensorsFile;
import io.github.tapegrad.nn.checkpoint.TensorData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Agreement with what PyTorch itself computed: fixtures written by {@code nn/src/test/fixtures/make_fixtures.py}
 * (torch 1.13, run by hand) for RNN, LSTM and GRU, 1-2 layers, uni- and bidirectional, float64: outputs, final
 * states and the gradients of every parameter, of x and of the initial states, to 1e-10 relative.
 */
class TorchParityTest {
    private static final Path DIR = Path.of("src/test/resources/fixtures");
    private static final double RTOL = 1e-10;
    private static final double ATOL = 1e-12;

    static Stream<Path> fixtures() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.getFileName().toString().matches("(rnn|lstm|gru)_.*\\.safetensors"))
                    .sorted().toList();
        }
        assertEquals(12, files.size(), "rnn/lstm/gru x 1-2 layers x uni/bi");
        return files.stream();
    }

    private static Tensor tensor(TensorData d) {
        return Tensor.of(d.f64(), d.shape());
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void matchesPyTorch(Path file) throws IOException {
        SafeTensorsFile f = SafeTensors.read(file);
        Map<String, String> meta = f.metadata();
        Map<String, Tensor> t = new LinkedHashMap<>();
        f.tensors().forEach((k, v) -> t.put(k, tensor(v)));
        String kind = meta.get("kind");
        int layers = Integer.parseInt(meta.get("layers"));
        boolean bi = Boolean.parseBoolean(meta.get("bidirectional"));
        Tensor x = t.get("x").detach().requiresGrad_(true);
        int input = x.dim(2);
        int hidden = t.get("h0").dim(2);
        Recurrent.Options options = Recurrent.options(input, hidden).layers(layers).bidirectional(bi).dtype(DType.FLOAT64);
        Recurrent net = switch (kind) {
            case "lstm" -> new LSTM(options);
            case "gru" -> new GRU(options);
            default -> new RNN(options);
        };
        Map<String, Tensor> weights = new LinkedHashMap<>();
        net.namedParameters().keySet().forEach(k -> weights.put(k, t.get(k)));
        net.loadStateDict(weights, true);

        boolean lstm = kind.equals("lstm");
        int cells = net.cells().size();
        List<Tensor> h0 = new ArrayList<>();
        List<Tensor> c0 = new ArrayList<>();
        List<State> init = new ArrayList<>();
        for (int k = 0; k < cells; k++) {
            h0.add(t.get("h0").select(0, k).detach().requiresGrad_(true));
            if (lstm) {
                c0.add(t.get("c0").select(0, k).detach().requiresGrad_(true));
                init.add(State.of(h0.get(k), c0.get(k)));
            } else {
                init.add(State.of(h0.get(k)));
            }
        }
        RecurrentOutput out = net.forward(x, init);
        Tensor loss = out.outputs().mul(t.get("w_out")).sum();
        for (int k = 0; k < cells; k++) {
            loss = loss.add(out.finalStates().get(k).h().mul(t.get("w_h").select(0, k)).sum());
            if (lstm) {
                loss = loss.add(out.finalStates().get(k).get(1).mul(t.get("w_c").select(0, k)).sum());
            }
        }
        loss.backward();

        String where = file.getFileName().toString();
        close(t.get("output"), out.outputs(), where + " output");
        for (int k = 0; k < cells; k++) {
            close(t.get("h_n").select(0, k), out.finalStates().get(k).h(), where + " h_n[" + k + "]");
            close(t.get("grad.h0").select(0, k), h0.get(k).grad(), where + " grad h0[" + k + "]");
            if (lstm) {
                close(t.get("c_n").select(0, k), out.finalStates().get(k).get(1), where + " c_n[" + k + "]");
                close(t.get("grad.c0").select(0, k), c0.get(k).grad(), where + " grad c0[" + k + "]");
            }
        }
        close(t.get("grad.x"), x.grad(), where + " grad x");
        for (Map.Entry<String, Tensor> p : net.namedParameters().entrySet()) {
            close(t.get("grad." + p.getKey()), p.getValue().grad(), where + " grad " + p.getKey());
        }
    }

    private static void close(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.shape(), actual.shape(), what);
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            double tol = ATOL + RTOL * Math.abs(e[i]);
            int at = i;
            assertTrue(Math.abs(a[i] - e[i]) <= tol, () -> what + "[" + at + "]: " + a[at] + " vs torch " + e[at]);
        }
    }
}
