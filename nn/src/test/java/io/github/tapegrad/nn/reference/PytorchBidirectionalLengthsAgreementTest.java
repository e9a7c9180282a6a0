package io.github.tapegrad.nn.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pins the bidirectional and variable-length conventions to PyTorch itself, which central differences of
 * the reference's own loss cannot see: the reverse direction reading each sequence from its own last valid
 * step, outputs concatenated forward first, final states ordered layer·2 + direction, {@code _reverse}
 * parameter names, zero outputs past a sequence's length. Recorded as in {@link PytorchAgreementTest}: two
 * cosine projections of every tensor.
 *
 * <p>Expected values come from torch 1.13 (Debian's python3-torch) in float64 with this script:
 * <pre>
 * fill, probe as in PytorchAgreementTest
 * T, B, I, H, L = 4, 3, 3, 2, 2; lengths = [2, 4, 1]   (unsorted; PyTorch does not take a length of 0)
 * net = nn.RNN(I, H, L, nonlinearity=..., bidirectional=True) / nn.LSTM(..., bidirectional=True) / nn.GRU(...)
 * parameters in named_parameters() order get fill(numel, 1.0), fill(numel, 2.0), ...
 * x = fill(T*B*I, 11) as [T, B, I]; h0 = fill(L*2*B*H, 12) as [L*2, B, H]; c0 = fill(L*2*B*H, 13)
 * packed = pack_padded_sequence(x, torch.tensor(lengths), enforce_sorted=False)
 * out, h_n (, c_n) = net(packed, h0 (, c0)); out = pad_packed_sequence(out, total_length=T)[0]
 * loss = (fill(T*B*2H, 14) * out).sum() + (fill(L*2*B*H, 15) * h_n).sum() [+ (fill(L*2*B*H, 16) * c_n).sum()]
 * loss.backward(); print probe(v, 0.37), probe(v, 1.91) for loss, out, h_n, c_n, every .grad, x.grad, h0.grad, c0.grad
 * </pre>
 */
class PytorchBidirectionalLengthsAgreementTest {

    private static final int[] LENGTHS = {2, 4, 1};

    private static final String[] EXPECTED = {
        "RNN_TANH loss 1.3784491824019796 1.3784491824019796",
        "RNN_TANH output -0.70407990880908 0.7446459059489822",
        "RNN_TANH hFinal -4.4854177658910634 -0.47670583878066186",
        "RNN_TANH weight_ih_l0 -0.6554466586873273 -0.3136869724780988",
        "RNN_TANH weight_hh_l0 -0.21032085209572798 -0.2832337680781427",
        "RNN_TANH bias_ih_l0 -1.3242459639761572 -0.903289104175169",
        "RNN_TANH bias_hh_l0 -1.3242459639761572 -0.903289104175169",
        "RNN_TANH weight_ih_l0_reverse -0.108710246142961 -0.361534099691175",
        "RNN_TANH weight_hh_l0_reverse 0.9487415805180037 -0.0030296684722199915",
        "RNN_TANH bias_ih_l0_reverse 0.8605520059371087 0.2612005587456887",
        "RNN_TANH bias_hh_l0_reverse 0.8605520059371086 0.2612005587456887",
        "RNN_TANH weight_ih_l1 -0.58616648334374 0.7816679174743202",
        "RNN_TANH weight_hh_l1 0.30807757405971253 -0.08196112763021826",
        "RNN_TANH bias_ih_l1 0.26356581006291013 -0.23546074660320063",
        "RNN_TANH bias_hh_l1 0.26356581006291013 -0.2354607466032006",
        "RNN_TANH weight_ih_l1_reverse 0.31206147690129576 -1.5953690378095449",
        "RNN_TANH weight_hh_l1_reverse -0.29035235008090876 0.42973823876182554",
        "RNN_TANH bias_ih_l1_reverse -1.0580011874909372 -0.2682045555400777",
        "RNN_TANH bias_hh_l1_reverse -1.0580011874909374 -0.2682045555400778",
        "RNN_TANH x 0.6149091926761486 -0.3222065503095317",
        "RNN_TANH h0 -0.6416896033815203 -0.4653182181700151",
        "RNN_RELU loss 0.9747305443789487 0.9747305443789487",
        "RNN_RELU output -0.6961346346181514 -0.16585741117491948",
        "RNN_RELU hFinal -3.9078603607730815 1.0798019645376873",
        "RNN_RELU weight_ih_l0 -0.6909994778874358 0.18346383922699888",
        "RNN_RELU weight_hh_l0 -0.29038568958179756 -0.27921155806554104",
        "RNN_RELU bias_ih_l0 -0.6899908684554227 -0.6899908684554227",
        "RNN_RELU bias_hh_l0 -0.6899908684554227 -0.6899908684554227",
        "RNN_RELU weight_ih_l0_reverse -0.5739180001745149 -0.26236224417488635",
        "RNN_RELU weight_hh_l0_reverse 2.2267289522515292 0.08553897263005941",
        "RNN_RELU bias_ih_l0_reverse 1.713405336415178 0.31769266144893527",
        "RNN_RELU bias_hh_l0_reverse 1.7134053364151782 0.31769266144893527",
        "RNN_RELU weight_ih_l1 -0.6615619052744345 0.44004067680207826",
        "RNN_RELU weight_hh_l1 -0.0766125473614786 0.2970362114520505",
        "RNN_RELU bias_ih_l1 0.3300374016060322 -0.1615772448342001",
        "RNN_RELU bias_hh_l1 0.3300374016060321 -0.16157724483420005",
        "RNN_RELU weight_ih_l1_reverse -1.3300072022597953 -1.4600912485392643",
        "RNN_RELU weight_hh_l1_reverse -1.254178338926756 -1.003222958121925",
        "RNN_RELU bias_ih_l1_reverse -0.7053044671729174 -0.7053044671729174",
        "RNN_RELU bias_hh_l1_reverse -0.7053044671729174 -0.7053044671729174",
        "RNN_RELU x 0.21220883263811027 -0.29946966368929967",
        "RNN_RELU h0 -0.5954757429318224 -0.4839355902965926",
        "LSTM loss -0.8217752306990979 -0.8217752306990979",
        "LSTM output -0.2587798481340584 0.17098922275630993",
        "LSTM hFinal 1.3986100306967415 -0.25058019198546555",
        "LSTM cFinal 3.809239646603022 -1.0329305088911167",
        "LSTM weight_ih_l0 -0.28549080551791073 -0.26615261307277127",
        "LSTM weight_hh_l0 0.12978735547407086 -0.0032594632158964663",
        "LSTM bias_ih_l0 0.07571222835804584 0.24406779600480075",
        "LSTM bias_hh_l0 0.07571222835804588 0.2440677960048007",
        "LSTM weight_ih_l0_reverse -0.0373438330488461 0.4446399103884603",
        "LSTM weight_hh_l0_reverse 0.7595961323457414 0.09927594176554672",
        "LSTM bias_ih_l0_reverse -0.0792030758515555 0.06814096064467413",
        "LSTM bias_hh_l0_reverse -0.07920307585155553 0.06814096064467416",
        "LSTM weight_ih_l1 0.07012536541796952 -0.14675237794275106",
        "LSTM weight_hh_l1 -0.08546891190914148 0.03005485812842375",
        "LSTM bias_ih_l1 0.0300017215949888 -0.19412787166901058",
        "LSTM bias_hh_l1 0.03000172159498875 -0.19412787166901066",
        "LSTM weight_ih_l1_reverse -0.14051550819576847 0.31604670867387324",
        "LSTM weight_hh_l1_reverse 0.037916996907481945 0.12627875450775633",
        "LSTM bias_ih_l1_reverse 0.345128176923761 0.722745641889456",
        "LSTM bias_hh_l1_reverse 0.345128176923761 0.7227456418894561",
        "LSTM x 0.1034581690035066 -0.1543250839592554",
        "LSTM h0 -0.3301474396648113 -0.03955315385005505",
        "LSTM c0 0.26238010273681467 0.6055208424598842",
        "GRU loss -0.9472485529833949 -0.9472485529833949",
        "GRU output -0.10168682370372725 0.5819015830728158",
        "GRU hFinal 1.5732755085139802 -0.610204451428527",
        "GRU weight_ih_l0 -0.7265549059313144 -0.23566181506883477",
        "GRU weight_hh_l0 0.057226238797415216 0.038377012817800045",
        "GRU bias_ih_l0 0.13495496465585927 0.6299801170641806",
        "GRU bias_hh_l0 -0.0762822467658036 0.1216524844554339",
        "GRU weight_ih_l0_reverse 0.07362946247435169 0.2076452009737459",
        "GRU weight_hh_l0_reverse 0.4034151717465729 0.032958144012826276",
        "GRU bias_ih_l0_reverse -0.11361314160752826 -0.097450783367186",
        "GRU bias_hh_l0_reverse -0.08299982774020255 -0.04127531418831561",
        "GRU weight_ih_l1 0.23779515431890327 0.5158622705087843",
        "GRU weight_hh_l1 0.018716173904395644 0.06004961244156946",
        "GRU bias_ih_l1 -0.1139927853426377 -0.10640136062594763",
        "GRU bias_hh_l1 -0.1490821271469759 -0.1752024460679725",
        "GRU weight_ih_l1_reverse -0.18936645118901207 0.9032969072417885",
        "GRU weight_hh_l1_reverse 0.060469685294320175 0.1659940060173602",
        "GRU bias_ih_l1_reverse 0.20360912105420853 0.7709719108831807",
        "GRU bias_hh_l1_reverse 0.03444473033893229 0.3650889426163085",
        "GRU x -0.289856553334773 0.0342069909464013",
        "GRU h0 -0.2064218803907631 0.6885867901945565",
    };

    @ParameterizedTest
    @EnumSource(CellKind.class)
    void forwardAndGradientsMatchPytorch(CellKind kind) {
        RecurrentSpec spec = new RecurrentSpec(kind, 4, 3, 3, 2, 2, true, LENGTHS);
        Map<String, double[]> named = new LinkedHashMap<>();
        double offset = 0;
        for (String name : ReferenceParams.names(spec)) {
            int length = spec.gateRows() * (name.startsWith("bias") ? 1
                    : name.startsWith("weight_hh") ? spec.hiddenSize() : spec.layerInputSize(name.contains("_l0") ? 0 : 1));
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
