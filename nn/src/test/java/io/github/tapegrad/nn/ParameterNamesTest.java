package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Names, order and shapes equal PyTorch's state_dict keys, so checkpoints map onto torch modules. */
class ParameterNamesTest {

    static Map<String, List<Integer>> shapes(Module m) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        m.namedParameters().forEach((k, v) -> {
            List<Integer> dims = new ArrayList<>();
            for (int d : v.shape().toArray()) dims.add(d);
            out.put(k, dims);
        });
        return out;
    }

    @Test
    void lstmTwoLayersMatchesTorch() {
        // torch.nn.LSTM(10, 20, num_layers=2).state_dict(): key -> shape, in this order
        Map<String, List<Integer>> torch = new LinkedHashMap<>();
        torch.put("weight_ih_l0", List.of(80, 10));
        torch.put("weight_hh_l0", List.of(80, 20));
        torch.put("bias_ih_l0", List.of(80));
        torch.put("bias_hh_l0", List.of(80));
        torch.put("weight_ih_l1", List.of(80, 20));
        torch.put("weight_hh_l1", List.of(80, 20));
        torch.put("bias_ih_l1", List.of(80));
        torch.put("bias_hh_l1", List.of(80));
        LSTM lstm = new LSTM(Recurrent.options(10, 20).layers(2).dtype(DType.FLOAT32).rng(new SplittableRandom(0)));
        assertEquals(List.copyOf(torch.entrySet()), List.copyOf(shapes(lstm).entrySet()));
        assertEquals(2L * 4 * 20 * (10 + 20 + 2) - 4 * 20 * 10 + 4 * 20 * 20, lstm.parameterCount());
    }

    @Test
    void gruAndRnnAndCellsMatchTorch() {
        GRU gru = new GRU(5, 7, DType.FLOAT32, new SplittableRandom(0));
        assertEquals(Map.of("weight_ih_l0", List.of(21, 5), "weight_hh_l0", List.of(21, 7), "bias_ih_l0", List.of(21),
                "bias_hh_l0", List.of(21)), shapes(gru));
        RNN rnn = new RNN(5, 7, DType.FLOAT32, new SplittableRandom(0));
        assertEquals(List.of(7, 5), shapes(rnn).get("weight_ih_l0"));
        LSTMCell cell = new LSTMCell(3, 4, DType.FLOAT32, new SplittableRandom(0));
        assertEquals(List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh"), List.copyOf(shapes(cell).keySet()));
    }

    /** A language model like d2l's: embedding, recurrent layers, output projection. */
    static final class Model extends Module {
        final Embedding embedding;
        final LSTM rnn;
        final Linear out;

        Model() {
            SplittableRandom rng = new SplittableRandom(3);
            embedding = registerModule("embedding", new Embedding(28, 8, DType.FLOAT64, rng));
            rnn = registerModule("rnn", new LSTM(Recurrent.options(8, 16).layers(2).dropout(0.5).dtype(DType.FLOAT64).rng(rng)));
            out = registerModule("out", new Linear(16, 28, true, DType.FLOAT64, rng));
        }
    }

    @Test
    void nestedModulesPrefixNamesAndPropagateMode() {
        Model m = new Model();
        assertEquals(List.of("embedding.weight", "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0",
                "rnn.bias_hh_l0", "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1",
                "out.weight", "out.bias"), List.copyOf(m.namedParameters().keySet()));
        for (Tensor p : m.parameters()) {
            assertTrue(p.requiresGrad() && p.isLeaf());
        }
        m.eval();
        assertTrue(!m.rnn.isTraining() && !m.rnn.namedChildren().get("dropout").isTraining());
        m.train();
        assertTrue(m.out.isTraining() && m.rnn.namedChildren().get("dropout").isTraining());
    }

    @Test
    void stateDictRoundTripAndStrictLoading() {
        Model a = new Model();
        Model b = new Model();
        Map<String, Tensor> snapshot = a.stateDict();
        b.loadStateDict(snapshot, true);
        b.namedParameters().forEach((k, v) -> Approx.assertSame(snapshot.get(k), v, 0, k));
        Map<String, Tensor> missing = new LinkedHashMap<>(snapshot);
        missing.remove("out.bias");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> b.loadStateDict(missing, true));
        assertTrue(e.getMessage().contains("out.bias"), e.getMessage());
        Map<String, Tensor> wrong = new LinkedHashMap<>(snapshot);
        wrong.put("out.bias", Tensor.zeros(DType.FLOAT64, 3));
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> b.loadStateDict(wrong, true));
        assertTrue(e.getMessage().contains("out.bias") && e.getMessage().contains("[28]")
                && e.getMessage().contains("[3]"), e.getMessage());
    }
}
