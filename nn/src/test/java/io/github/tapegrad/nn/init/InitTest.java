package io.github.tapegrad.nn.init;

import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.Recurrent;
import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.LSTM;
import io.github.tapegrad.nn.LSTMCell;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitTest {
    static final int N = 200, M = 300;

    static double[] stats(Tensor t) {
        double sum = 0, sq = 0, max = 0;
        double[] v = t.toDoubleArray();
        for (double x : v) {
            sum += x;
            sq += x * x;
            max = Math.max(max, Math.abs(x));
        }
        double mean = sum / v.length;
        return new double[] {mean, Math.sqrt(sq / v.length - mean * mean), max};
    }

    @Test
    void uniformBoundsFollowTheFans() {
        // weight [out=200, in=300]: fan_in 300, fan_out 200
        double xavier = Math.sqrt(6.0 / (N + M));
        double[] s = stats(Init.xavierUniform(1).sample(DType.FLOAT64, new SplittableRandom(1), N, M));
        assertTrue(s[2] <= xavier && s[2] > 0.99 * xavier, "max " + s[2] + " vs bound " + xavier);
        double kaiming = Gain.RELU.value() * Math.sqrt(3.0 / M);
        s = stats(Init.kaimingUniform(Gain.RELU).sample(DType.FLOAT64, new SplittableRandom(1), N, M));
        assertTrue(s[2] <= kaiming && s[2] > 0.99 * kaiming, "max " + s[2] + " vs bound " + kaiming);
        s = stats(Init.pytorchDefault(25).sample(DType.FLOAT64, new SplittableRandom(1), N, M));
        assertTrue(s[2] <= 0.2 && s[2] > 0.198, "max " + s[2]);
    }

    @Test
    void normalStandardDeviationsFollowTheFans() {
        double[] s = stats(Init.xavierNormal(1).sample(DType.FLOAT64, new SplittableRandom(2), N, M));
        assertEquals(Math.sqrt(2.0 / (N + M)), s[1], 0.02 * s[1]);
        s = stats(Init.kaimingNormal(Gain.TANH).sample(DType.FLOAT64, new SplittableRandom(2), N, M));
        assertEquals(5.0 / 3 / Math.sqrt(M), s[1], 0.02 * s[1]);
        s = stats(Init.normal(0, 0.01).sample(DType.FLOAT32, new SplittableRandom(2), N, M));
        assertEquals(0.01, s[1], 0.0002);
        assertEquals(0, s[0], 0.0002);
    }

    @Test
    void constantsAndGains() {
        assertArrayEquals(new double[] {0, 0, 0}, Init.zeros().sample(DType.FLOAT32, null, 3).toDoubleArray());
        assertArrayEquals(new double[] {2.5, 2.5}, Init.constant(2.5).sample(DType.FLOAT64, null, 2).toDoubleArray());
        assertEquals(Math.sqrt(2), Gain.leakyRelu(0), 1e-15);
        assertEquals(5.0 / 3, Gain.TANH.value(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Init.xavierUniform(1).sample(DType.FLOAT64,
                new SplittableRandom(0), 5));
    }

    @Test
    void sameSeedSameWeights() {
        LSTM a = new LSTM(Recurrent.options(3, 4).layers(2).dtype(DType.FLOAT32).rng(new SplittableRandom(9)));
        LSTM b = new LSTM(Recurrent.options(3, 4).layers(2).dtype(DType.FLOAT32).rng(new SplittableRandom(9)));
        a.namedParameters().forEach((k, v) ->
                assertArrayEquals(v.toDoubleArray(), b.namedParameters().get(k).toDoubleArray(), k));
    }

    @Test
    void forgetGateBiasSetsOnlyTheFBlock() {
        LSTMCell cell = new LSTMCell(CellConfig.of(2, 3).dtype(DType.FLOAT64).rng(new SplittableRandom(4)).init(Init.normal(0, 0.01), Init.zeros()));
        cell.forgetGateBias(1.0);
        for (Tensor bias : new Tensor[] {cell.biasIh(), cell.biasHh()}) {
            assertArrayEquals(new double[] {0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0}, bias.toDoubleArray());
        }
        assertThrows(IllegalArgumentException.class, () -> Init.lstmForgetGateBias(Tensor.zeros(DType.FLOAT64, 6), 1));
    }

    @Test
    void shiftGateBiasMovesOneBiasBlockOfEveryCellThatHasTheGate() {
        Recurrent lstm = new Recurrent(io.github.tapegrad.nn.Cells.factory("lstm"), Recurrent.options(3, 4).layers(2)
                .bidirectional(true).dtype(DType.FLOAT64).rng(new SplittableRandom(5)));
        java.util.Map<String, double[]> before = new java.util.LinkedHashMap<>();
        lstm.namedParameters().forEach((k, v) -> before.put(k, v.toDoubleArray()));
        assertEquals(4, Init.shiftGateBias(lstm, "f", 1.0), "2 layers x 2 directions");
        lstm.namedParameters().forEach((k, v) -> {
            double[] was = before.get(k);
            double[] now = v.toDoubleArray();
            for (int i = 0; i < now.length; i++) {
                boolean forgetOfBiasIh = k.startsWith("bias_ih") && i >= 4 && i < 8; // gates i, f, g, o of H = 4
                assertEquals(was[i] + (forgetOfBiasIh ? 1.0 : 0.0), now[i], 1e-15, k + "[" + i + "]");
            }
        });
        assertTrue(lstm.parameters().stream().allMatch(t -> t.grad() == null), "no gradient recorded");
        // a zoo cell with its gates in another order (NIG: f, g, o) and cells without an f gate
        Recurrent nig = new Recurrent(io.github.tapegrad.nn.Cells.factory("nig"), Recurrent.options(2, 3)
                .dtype(DType.FLOAT64).rng(new SplittableRandom(6)));
        double[] nigBias = nig.namedParameters().get("bias_ih_l0").toDoubleArray();
        assertEquals(1, Init.shiftGateBias(nig, "f", -0.5));
        double[] nigNow = nig.namedParameters().get("bias_ih_l0").toDoubleArray();
        for (int i = 0; i < nigNow.length; i++) {
            assertEquals(nigBias[i] - (i < 3 ? 0.5 : 0.0), nigNow[i], 1e-15, "bias_ih_l0[" + i + "]");
        }
        for (String name : new String[] {"gru", "nfg", "cifg"}) {
            Recurrent net = new Recurrent(io.github.tapegrad.nn.Cells.factory(name), Recurrent.options(2, 3)
                    .dtype(DType.FLOAT64).rng(new SplittableRandom(7)));
            java.util.Map<String, double[]> was = new java.util.LinkedHashMap<>();
            net.namedParameters().forEach((k, v) -> was.put(k, v.toDoubleArray()));
            assertEquals(0, Init.shiftGateBias(net, "f", 1.0), name);
            net.namedParameters().forEach((k, v) -> assertArrayEquals(was.get(k), v.toDoubleArray(), name + " " + k));
        }
        assertThrows(IllegalArgumentException.class, () -> Init.shiftGateBias(lstm, "f", Double.NaN));
    }
}
