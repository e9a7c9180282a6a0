package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecurrentTest {
    final Tensor x = Tensor.randn(new SplittableRandom(5), DType.FLOAT64, 4, 3, 2);

    @Test
    void dropoutBetweenLayersOnlyInTrainingMode() {
        LSTM withDropout = new LSTM(Recurrent.options(2, 5).layers(2).dropout(0.5).dtype(DType.FLOAT64).rng(new SplittableRandom(1)));
        LSTM without = new LSTM(Recurrent.options(2, 5).layers(2).dtype(DType.FLOAT64).rng(new SplittableRandom(2)));
        without.loadStateDict(withDropout.namedParameters(), true);
        withDropout.eval();
        Approx.assertSame(without.forward(x).outputs(), withDropout.forward(x).outputs(), 0, "eval: no dropout");
        withDropout.train();
        Tensor trained = withDropout.forward(x).outputs();
        boolean differs = false;
        Tensor plain = without.forward(x).outputs();
        for (int i = 0; i < plain.numel(); i++) {
            differs |= plain.get(i) != trained.get(i);
        }
        assertTrue(differs, "train mode drops units between layers");
        // a single layer has no "between": dropout never applies
        GRU single = new GRU(Recurrent.options(2, 5).dropout(0.9).dtype(DType.FLOAT64).rng(new SplittableRandom(3)));
        GRU reference = new GRU(Recurrent.options(2, 5).dtype(DType.FLOAT64).rng(new SplittableRandom(4)));
        reference.loadStateDict(single.namedParameters(), true);
        Approx.assertSame(reference.forward(x).outputs(), single.forward(x).outputs(), 0, "one layer");
    }

    @Test
    void initialStateIsUsedAndGradientsReachIt() {
        LSTM lstm = new LSTM(2, 3, DType.FLOAT64, new SplittableRandom(1));
        Tensor h0 = Tensor.randn(new SplittableRandom(7), DType.FLOAT64, 3, 3).requiresGrad_(true);
        Tensor c0 = Tensor.randn(new SplittableRandom(8), DType.FLOAT64, 3, 3).requiresGrad_(true);
        RecurrentOutput fromZero = lstm.forward(x);
        RecurrentOutput fromState = lstm.forward(x, List.of(State.of(h0, c0)));
        assertTrue(fromZero.outputs().get(0) != fromState.outputs().get(0));
        fromState.outputs().sum().backward();
        assertNotNull(h0.grad());
        assertNotNull(c0.grad());
    }

    @Test
    void detachedStateCutsTheGraph() {
        RNN rnn = new RNN(2, 3, DType.FLOAT64, new SplittableRandom(1));
        State carried = rnn.forward(x).finalState().detach();
        assertFalse(carried.h().requiresGrad());
        Tensor h0 = carried.h();
        rnn.forward(x, List.of(carried)).outputs().sum().backward();
        assertNull(h0.grad());
        assertNotNull(rnn.cell(0) instanceof RNNCell c ? c.weightHh().grad() : null);
    }
}
