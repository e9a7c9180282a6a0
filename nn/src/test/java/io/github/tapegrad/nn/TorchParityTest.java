package io.github.tapegrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.checkpoint.SafeTensors;
import io.github.tapegrad.nn.checkpoint.SafeTensorsFile;
import io.github.tapegrad.nn.checkpoint.TensorData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Agreement with what PyTorch itself computed: fixtures written by {@code nn/src/test/fixtures/make_fixtures.py}
 * (torch 1.13, run by hand) for RNN (tanh and relu), LSTM and GRU, 1-2 layers, uni- and bidirectional: outputs,
 * final states and the gradients of every parameter, of x and of the initial states. float64 fixtures (computed in
 * float64 by both) to 1e-10 relative; batch-first ones ([B, T, I] in and out) likewise; float32 ones (PyTorch and
 * tapegrad both computing in float32) to 1e-5 relative.
 *
 * <p>The model's configuration is read from each file's metadata (kind, nonlinearity, layers, bidirectional,
 * batch_first, dtype; absent keys are PyTorch's defaults), and {@link #namesAgreeWithMetadata} checks that every
 * recurrent fixture's name says the same. The variable-length ({@code _len}) fixtures are PyTorch's
 * {@code pack_padded_sequence(x, lengths, enforce_sorted=False)} through the module, then {@code pad_packed_sequence}
 * to T; tapegrad runs them through {@code Recurrent.forward(x, lengths, initialStates)}. Their padded inputs hold
 * random values, so reading past a length would show. The LSTM projection ({@code _proj}) fixtures are only
 * checked for their names here; {@link LstmProjectionParityTest} compares them.
 */
class TorchParityTest {
    private static final Path DIR = Path.of("src/test/resources/fixtures");
    /** kind, layers, direction, then the variants in this order, then the dtype. */
    private static final Pattern NAME = Pattern.compile(
            "(rnn|rnnrelu|lstm|gru)_l(\\d)_(uni|bi)(_bf)?(_len)?(_proj)?_(f64|f32)\\.safetensors");
    /** 4 kinds x 2 layer counts x 2 directions, for plain (12 + 4 relu), f32 (16) and _len (16); 8 batch-first,
     *  1 batch-first f32, 1 batch-first _len, 4 _proj and 1 _len_proj. */
    private static final int RECURRENT_FIXTURES = 63;
    private static final int COMPARED_NOW = 58;

    private static List<Path> recurrent() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.getFileName().toString().matches("(rnn|rnnrelu|lstm|gru)_.*\\.safetensors"))
                    .sorted().toList();
        }
    }

    static Stream<Path> fixtures() throws IOException {
        List<Path> files = recurrent().stream()
                .filter(p -> !p.getFileName().toString().matches(".*_proj_.*")).toList();
        assertEquals(COMPARED_NOW, files.size(),
                "rnn/rnnrelu/lstm/gru x 1-2 layers x uni/bi in f64 and f32 and with lengths, 10 batch-first");
        return files.stream();
    }

    @Test
    void namesAgreeWithMetadata() throws IOException {
        List<Path> files = recurrent();
        assertEquals(RECURRENT_FIXTURES, files.size());
        for (Path file : files) {
            String name = file.getFileName().toString();
            Matcher m = NAME.matcher(name);
            assertTrue(m.matches(), name + " does not follow " + NAME);
            SafeTensorsFile f = SafeTensors.read(file);
            Map<String, String> meta = f.metadata();
            String kind = m.group(1).equals("rnnrelu") ? "rnn" : m.group(1);
            assertEquals(kind, meta.get("kind"), name);
            assertEquals(m.group(1).equals("rnnrelu") ? "relu" : "tanh", meta.getOrDefault("nonlinearity", "tanh"), name);
            assertEquals(m.group(2), meta.get("layers"), name);
            assertEquals(m.group(3).equals("bi") ? "true" : "false", meta.get("bidirectional"), name);
            assertEquals(m.group(4) != null ? "true" : "false", meta.getOrDefault("batch_first", "false"), name);
            assertEquals(m.group(5) != null, f.tensors().containsKey("lengths"), name + ": lengths");
            assertEquals(m.group(5) != null ? "true" : "false", meta.getOrDefault("lengths", "false"), name);
            assertEquals(m.group(6) != null, !meta.getOrDefault("proj_size", "0").equals("0"), name + ": proj_size");
            DType dtype = m.group(7).equals("f32") ? DType.FLOAT32 : DType.FLOAT64;
            assertEquals(dtype.toString(), meta.getOrDefault("dtype", "float64"), name);
            f.tensors().forEach((k, v) -> assertEquals(k.equals("lengths") ? DType.FLOAT64 : dtype, v.dtype(),
                    name + " " + k));
        }
    }

    private static Tensor tensor(TensorData d) {
        return d.dtype() == DType.FLOAT32 ? Tensor.of(d.f32(), d.shape()) : Tensor.of(d.f64(), d.shape());
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
        boolean batchFirst = Boolean.parseBoolean(meta.getOrDefault("batch_first", "false"));
        DType dtype = meta.getOrDefault("dtype", "float64").equals("float32") ? DType.FLOAT32 : DType.FLOAT64;
        RNNCell.Nonlinearity nonlinearity = RNNCell.Nonlinearity.valueOf(
                meta.getOrDefault("nonlinearity", "tanh").toUpperCase(java.util.Locale.ROOT));
        assertEquals("0", meta.getOrDefault("proj_size", "0"));
        int[] lengths = null;
        if (t.containsKey("lengths")) {
            double[] l = t.get("lengths").toDoubleArray();
            lengths = new int[l.length];
            for (int b = 0; b < l.length; b++) {
                lengths[b] = (int) l[b];
            }
        }
        Tensor x = t.get("x").detach().requiresGrad_(true);
        assertEquals(dtype, x.dtype());
        int input = x.dim(2);
        int hidden = t.get("h0").dim(2);
        Recurrent.Options options = Recurrent.options(input, hidden).layers(layers).bidirectional(bi)
                .batchFirst(batchFirst).dtype(dtype);
        Recurrent net = switch (kind) {
            case "lstm" -> new LSTM(options);
            case "gru" -> new GRU(options);
            case "rnn" -> new RNN(options, nonlinearity);
            default -> throw new AssertionError(kind);
        };
        Map<String, Tensor> weights = new LinkedHashMap<>();
        net.namedParameters().keySet().forEach(k -> weights.put(k, t.get(k)));
        net.loadStateDict(weights, true);
        net.namedParameters().forEach((k, p) -> assertEquals(dtype, p.dtype(), k));

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
        RecurrentOutput out = lengths == null ? net.forward(x, init) : net.forward(x, lengths, init);
        assertEquals(dtype, out.outputs().dtype(), "tapegrad computes in the fixture's dtype");
        Tensor loss = out.outputs().mul(t.get("w_out")).sum();
        for (int k = 0; k < cells; k++) {
            loss = loss.add(out.finalStates().get(k).h().mul(t.get("w_h").select(0, k)).sum());
            if (lstm) {
                loss = loss.add(out.finalStates().get(k).get(1).mul(t.get("w_c").select(0, k)).sum());
            }
        }
        loss.backward();

        String where = file.getFileName().toString();
        Tolerance tol = dtype == DType.FLOAT32 ? F32 : F64;
        close(tol, t.get("output"), out.outputs(), where + " output");
        for (int k = 0; k < cells; k++) {
            close(tol, t.get("h_n").select(0, k), out.finalStates().get(k).h(), where + " h_n[" + k + "]");
            close(tol, t.get("grad.h0").select(0, k), h0.get(k).grad(), where + " grad h0[" + k + "]");
            if (lstm) {
                close(tol, t.get("c_n").select(0, k), out.finalStates().get(k).get(1), where + " c_n[" + k + "]");
                close(tol, t.get("grad.c0").select(0, k), c0.get(k).grad(), where + " grad c0[" + k + "]");
            }
        }
        close(tol, t.get("grad.x"), x.grad(), where + " grad x");
        for (Map.Entry<String, Tensor> p : net.namedParameters().entrySet()) {
            close(tol, t.get("grad." + p.getKey()), p.getValue().grad(), where + " grad " + p.getKey());
        }
    }

    /** |actual - expected| <= atol + rtol * |expected|, elementwise. */
    private record Tolerance(double rtol, double atol) {}

    /** float64: ~4500 ulps at 1 absolute, well above the rounding differences of reordered sums. */
    private static final Tolerance F64 = new Tolerance(1e-10, 1e-12);
    /** float32 (ulp of 1 = 1.2e-7): 1e-5 relative, and an absolute floor of ~8 ulps at 1 for entries that are
     *  sums of O(1) terms cancelling to nearly 0, where relative error says nothing. */
    private static final Tolerance F32 = new Tolerance(1e-5, 1e-6);

    private static void close(Tolerance tol, Tensor expected, Tensor actual, String what) {
        assertEquals(expected.shape(), actual.shape(), what);
        assertEquals(expected.dtype(), actual.dtype(), what);
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            double bound = tol.atol() + tol.rtol() * Math.abs(e[i]);
            int at = i;
            assertTrue(Math.abs(a[i] - e[i]) <= bound, () -> what + "[" + at + "]: " + a[at] + " vs torch " + e[at]);
        }
    }
}
