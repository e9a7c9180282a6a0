package io.github.tapegrad.nn.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pins the layouts and cell conventions to PyTorch itself (gate order, GRU's r on {@code W_hn h + b_hn},
 * time-major x, {@code [layers, B, H]} states), which central differences of the reference's own loss
 * cannot see. Each tensor is recorded as two cosine projections, which any permutation changes.
 *
 * <p>Expected values come from torch 1.13 (Debian's python3-torch) in float64 with this script:
 * <pre>
 * fill = lambda n, off: torch.tensor([0.5 * math.sin(0.7 * k + off) for k in range(n)])
 * probe = lambda v, f: sum(float(e) * math.cos(f * k + 0.11) for k, e in enumerate(v.reshape(-1)))
 * T, B, I, H, L = 3, 2, 3, 2, 2
 * net = nn.RNN(I, H, L, nonlinearity=...) / nn.LSTM(I, H, L) / nn.GRU(I, H, L)
 * parameters in named_parameters() order get fill(numel, 1.0), fill(numel, 2.0), ...
 * x = fill(T*B*I, 11) as [T, B, I]; h0 = fill(L*B*H, 12); c0 = fill(L*B*H, 13)
 * loss = (fill(T*B*H, 14) * out).sum() + (fill(L*B*H, 15) * h_n).sum() [+ (fill(L*B*H, 16) * c_n).sum()]
 * loss.backward(); print probe(v, 0.37), probe(v, 1.91) for loss, out, h_n, c_n, every .grad
 * </pre>
 */
class PytorchAgreementTest {

    private static final String[] EXPECTED = {
        "RNN_TANH loss 1.2556666879869158 1.2556666879869158",
        "RNN_TANH output -2.4581185034969666 -0.12371415233106492",
        "RNN_TANH hFinal -3.077271459052762 0.5606273264253328",
        "RNN_TANH weight_ih_l0 0.1772363635447858 -0.43795365130330466",
        "RNN_TANH weight_hh_l0 -0.10293676227525068 -0.37546616904311597",
        "RNN_TANH bias_ih_l0 -0.06014972069025118 0.2328848466894501",
        "RNN_TANH bias_hh_l0 -0.060149720690251235 0.23288484668945006",
        "RNN_TANH weight_ih_l1 -0.3091879311369787 0.2085347115579498",
        "RNN_TANH weight_hh_l1 0.16923371766937678 0.015656807608296464",
        "RNN_TANH bias_ih_l1 0.2924926986516041 0.0867124586708785",
        "RNN_TANH bias_hh_l1 0.29249269865160415 0.08671245867087853",
        "RNN_TANH x 0.10845449018361053 0.2677867316169971",
        "RNN_TANH h0 0.04843984084077715 -0.1835554025946062",
        "RNN_RELU loss 1.638186585900411 1.638186585900411",
        "RNN_RELU output -4.810517433832326 -0.9930026843575903",
        "RNN_RELU hFinal -2.952024155141833 -0.06729523775714785",
        "RNN_RELU weight_ih_l0 0.21392632566959224 -0.057489657236087295",
        "RNN_RELU weight_hh_l0 -0.14045997265807317 -0.026143559837535184",
        "RNN_RELU bias_ih_l0 0.214034173354783 0.214034173354783",
        "RNN_RELU bias_hh_l0 0.214034173354783 0.214034173354783",
        "RNN_RELU weight_ih_l1 0.1872995222916521 0.10773212012575062",
        "RNN_RELU weight_hh_l1 1.2582528633972894 0.6254907688802173",
        "RNN_RELU bias_ih_l1 1.8526827017945613 0.31506088249820785",
        "RNN_RELU bias_hh_l1 1.8526827017945613 0.31506088249820796",
        "RNN_RELU x 0.08372506329457227 0.06915181276358758",
        "RNN_RELU h0 -0.1538837771094202 -0.12968577762204958",
        "LSTM loss -1.8482287073096115 -1.8482287073096115",
        "LSTM output 0.8757525710636646 -0.07133336285358294",
        "LSTM hFinal 0.8437455794466096 -0.07641221339214771",
        "LSTM cFinal 2.211923650893188 -0.35154532935488936",
        "LSTM weight_ih_l0 0.11362711130536132 0.08252830343063673",
        "LSTM weight_hh_l0 0.2560705131056519 0.05837842891359071",
        "LSTM bias_ih_l0 -0.09484449127715151 0.2516306962312519",
        "LSTM bias_hh_l0 -0.09484449127715151 0.2516306962312519",
        "LSTM weight_ih_l1 -0.19903636373493105 -0.09910258789954707",
        "LSTM weight_hh_l1 0.30366277629775384 0.16932496298661806",
        "LSTM bias_ih_l1 -0.6127215787003557 -0.6588821223547868",
        "LSTM bias_hh_l1 -0.6127215787003557 -0.6588821223547869",
        "LSTM x 0.14670786973219416 0.05488865468565831",
        "LSTM h0 -0.0054798630218344 -0.0823010954246107",
        "LSTM c0 -0.25383353254223434 -0.0005917553523352298",
        "GRU loss -0.6623968343037092 -0.6623968343037092",
        "GRU output 1.8799665736314477 0.00460477542253751",
        "GRU hFinal 1.15179257123207 -0.33602375610405155",
        "GRU weight_ih_l0 0.23814583733231498 0.14186141716737335",
        "GRU weight_hh_l0 0.10292429545469456 0.02349403863306767",
        "GRU bias_ih_l0 0.11390641567971574 0.3653974358734243",
        "GRU bias_hh_l0 -0.010298634071112422 0.06736392664691149",
        "GRU weight_ih_l1 -0.10147843464859144 -0.11854671853160482",
        "GRU weight_hh_l1 0.16560554415332723 0.06587063413239788",
        "GRU bias_ih_l1 -0.1515994792256328 -0.22776752544206894",
        "GRU bias_hh_l1 -0.10985935188602808 -0.12691962417588118",
        "GRU x 0.1425884322179792 0.030541320899729912",
        "GRU h0 -0.13125190837392156 -0.06738503139366812",
    };

    @ParameterizedTest
    @EnumSource(CellKind.class)
    void forwardAndGradientsMatchPytorch(CellKind kind) {
        RecurrentSpec spec = new RecurrentSpec(kind, 3, 2, 3, 2, 2);
        Map<String, double[]> named = new LinkedHashMap<>();
        double offset = 0;
        for (String name : ReferenceParams.names(spec)) {
            int length = spec.gateRows() * (name.startsWith("bias") ? 1
                    : name.startsWith("weight_hh") ? spec.hiddenSize() : spec.layerInputSize(name.endsWith("l0") ? 0 : 1));
            named.put(name, fill(length, ++offset));
        }
        ReferenceParams params = ReferenceParams.fromNamed(spec, named);
        double[] x = fill(spec.inputLength(), 11);
        double[] h0 = fill(spec.stateLength(), 12);
        double[] c0 = kind.hasCellState() ? fill(spec.stateLength(), 13) : null;
        LossWeights weights = new LossWeights(fill(spec.outputLength(), 14), fill(spec.stateLength(), 15),
                kind.hasCellState() ? fill(spec.stateLength(), 16) : null);

        ReferenceForward forward = ReferenceBptt.forward(spec, params, x, h0, c0);
        ReferenceGradients grads = ReferenceBptt.backward(spec, params, x, h0, c0, weights);
        Map<String, double[]> actual = new LinkedHashMap<>();
        actual.put("loss", new double[] {weights.apply(forward)});
        actual.put("output", forward.outputs());
        actual.put("hFinal", forward.hFinal());
        if (kind.hasCellState()) {
            actual.put("cFinal", forward.cFinal());
        }
        actual.putAll(grads.all());

        List<String> expectedNames = new ArrayList<>();
        for (String line : EXPECTED) {
            String[] parts = line.split(" ");
            if (!parts[0].equals(kind.name())) {
                continue;
            }
            expectedNames.add(parts[1]);
            double[] values = actual.get(parts[1]);
            assertClose(Double.parseDouble(parts[2]), probe(values, 0.37), kind + " " + parts[1]);
            assertClose(Double.parseDouble(parts[3]), probe(values, 1.91), kind + " " + parts[1]);
        }
        assertEquals(expectedNames, new ArrayList<>(actual.keySet()), "every tensor is checked");
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)), what);
    }

    private static double[] fill(int length, double offset) {
        double[] values = new double[length];
        for (int k = 0; k < length; k++) {
            values[k] = 0.5 * Math.sin(0.7 * k + offset);
        }
        return values;
    }

    private static double probe(double[] values, double frequency) {
        double sum = 0;
        for (int k = 0; k < values.length; k++) {
            sum += values[k] * Math.cos(frequency * k + 0.11);
        }
        return sum;
    }
}
