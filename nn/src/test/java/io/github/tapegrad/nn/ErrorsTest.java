package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Indices;
import io.github.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Wrong shapes and values fail at once with a message naming the cell or layer and every shape. */
class ErrorsTest {
    final SplittableRandom rng = new SplittableRandom(0);

    static void assertMessage(Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
        }
    }

    @Test
    void cellRejectsWrongInputSize() {
        LSTMCell cell = new LSTMCell(3, 4, DType.FLOAT32, rng);
        State s = cell.initialState(2, DType.FLOAT32);
        assertMessage(() -> cell.forward(Tensor.zeros(DType.FLOAT32, 2, 5), s), "LSTMCell(3, 4)", "[B, 3]", "[2, 5]");
        assertMessage(() -> cell.forward(Tensor.zeros(DType.FLOAT32, 2, 3, 1), s), "LSTMCell(3, 4)", "[2, 3, 1]");
        GRUCell gru = new GRUCell(3, 4, DType.FLOAT32, rng);
        assertMessage(() -> gru.forward(Tensor.zeros(DType.FLOAT32, 7), gru.initialState(1, DType.FLOAT32)),
                "GRUCell(3, 4)", "[7]");
    }

    @Test
    void cellRejectsStateOfAnotherBatch() {
        RNNCell cell = new RNNCell(CellConfig.of(3, 4).dtype(DType.FLOAT32).rng(rng), RNNCell.Nonlinearity.RELU);
        assertMessage(() -> cell.forward(Tensor.zeros(DType.FLOAT32, 2, 3), cell.initialState(5, DType.FLOAT32)),
                "RNNCell(3, 4, relu)", "[2, 4]", "[5, 4]");
    }

    @Test
    void recurrentRejectsWrongInputSizeAndRank() {
        LSTM lstm = new LSTM(Recurrent.options(3, 4).layers(2).dtype(DType.FLOAT32).rng(rng));
        assertMessage(() -> lstm.forward(Tensor.zeros(DType.FLOAT32, 5, 2, 7)), "LSTM(3, 4, numLayers=2)",
                "[T, B, 3]", "[5, 2, 7]");
        assertMessage(() -> lstm.forward(Tensor.zeros(DType.FLOAT32, 5, 3)), "LSTM(3, 4, numLayers=2)", "[5, 3]");
        GRU batchFirst = new GRU(Recurrent.options(3, 4).batchFirst(true).dtype(DType.FLOAT32).rng(rng));
        assertMessage(() -> batchFirst.forward(Tensor.zeros(DType.FLOAT32, 2, 5, 4)), "GRU(3, 4", "[B, T, 3]",
                "[2, 5, 4]");
    }

    @Test
    void recurrentRejectsZeroLengthSequence() {
        RNN rnn = new RNN(3, 4, DType.FLOAT32, rng);
        assertMessage(() -> rnn.forward(Tensor.zeros(DType.FLOAT32, 2, 0, 3)), "RNN(3, 4", "[2, 0, 3]", "B=0");
    }

    @Test
    void recurrentRejectsWrongInitialStates() {
        LSTM lstm = new LSTM(Recurrent.options(3, 4).layers(2).dtype(DType.FLOAT32).rng(rng));
        Tensor x = Tensor.zeros(DType.FLOAT32, 5, 2, 3);
        State one = lstm.cell(0).initialState(2, DType.FLOAT32);
        assertMessage(() -> lstm.forward(x, List.of(one)), "LSTM(3, 4, numLayers=2)", "2 initial states", "got 1");
        State wrong = State.of(Tensor.zeros(DType.FLOAT32, 2, 4));
        assertMessage(() -> lstm.forward(x, List.of(wrong, wrong)), "LSTMCell(3, 4)", "2 tensors");
    }

    @Test
    void crossEntropyRejectsOutOfRangeClassAndShapes() {
        Tensor logits = Tensor.zeros(DType.FLOAT64, 3, 4);
        assertMessage(() -> Loss.crossEntropy(logits, Indices.of(new int[] {0, 5, 1})), "crossEntropy", "target 5",
                "[0, 4)", "[3, 4]");
        assertMessage(() -> Loss.crossEntropy(logits, Indices.of(new int[] {0, -1, 1})), "target -1");
        assertMessage(() -> Loss.crossEntropy(logits, Indices.of(new int[] {0, 1})), "crossEntropy", "[3, 4]", "[2]");
        assertMessage(() -> Loss.mse(logits, Tensor.zeros(DType.FLOAT64, 4, 3)), "mse", "[3, 4]", "[4, 3]");
    }

    @Test
    void layersRejectBadInput() {
        Linear lin = new Linear(3, 2, true, DType.FLOAT32, rng);
        assertMessage(() -> lin.forward(Tensor.zeros(DType.FLOAT32, 4, 5)), "Linear(3, 2)", "[..., 3]", "[4, 5]");
        Embedding emb = new Embedding(10, 4, DType.FLOAT32, rng);
        assertMessage(() -> emb.forward(Indices.of(new int[] {1, 10})), "Embedding(10, 4)", "index 10");
        assertMessage(() -> new Dropout(1.5, 0), "Dropout", "1.5");
        assertMessage(() -> new Recurrent(c -> new GRUCell(3, 4, DType.FLOAT32, rng), Recurrent.options(3, 4).layers(2)),
                "Recurrent", "layer 1", "inputSize 4");
    }

    /** Sizes past int name the layer and the quantity instead of wrapping to a negative dimension. */
    @Test
    void sizesThatOverflowIntAreRefusedNamingTheLayer() {
        int max = Integer.MAX_VALUE;
        assertMessage(() -> new LSTM(28, max, DType.FLOAT32, rng),
                "LSTMCell: 4 * hiddenSize = 4 * 2147483647 overflows int");
        assertMessage(() -> new GRUCell(28, 1_000_000_000, DType.FLOAT32, rng),
                "GRUCell: 3 * hiddenSize = 3 * 1000000000 overflows int");
        assertMessage(() -> new RNN(28, max, DType.FLOAT32, rng),
                "RNNCell weight_ih: shape [2147483647, 28] has 60129542116 elements, more than 2^31-1");
        assertMessage(() -> new LSTMCell(28, 100_000_000, DType.FLOAT32, rng),
                "LSTMCell weight_ih: shape [400000000, 28] has 11200000000 elements, more than 2^31-1");
        assertMessage(() -> new LSTMCell(1, 30_000, DType.FLOAT32, rng),
                "LSTMCell weight_hh: shape [120000, 30000] has 3600000000 elements, more than 2^31-1");
        assertMessage(() -> new Linear(100_000, 100_000, true, DType.FLOAT32, rng),
                "Linear weight: shape [100000, 100000] has 10000000000 elements, more than 2^31-1");
        assertMessage(() -> new Embedding(1_000_000, 10_000, DType.FLOAT32, rng),
                "Embedding weight: shape [1000000, 10000] has 10000000000 elements, more than 2^31-1");
    }
}
