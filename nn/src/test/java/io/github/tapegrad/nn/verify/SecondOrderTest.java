package io.github.tapegrad.nn.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.autograd.check.GradCheck;
import io.github.tapegrad.autograd.check.GradCheckReport;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.GRUCell;
import io.github.tapegrad.nn.LSTMCell;
import io.github.tapegrad.nn.State;
import io.github.tapegrad.nn.check.CellCheck;
import io.github.tapegrad.nn.check.CellCheckReport;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** gradgradcheck passes for LSTMCell and GRUCell on small sizes: one step, and through Recurrent. */
class SecondOrderTest {

    /** One step, ⟨w, h'⟩ (+ ⟨v, c'⟩), as a function of x, h and (LSTM) c; gradgradcheck over several seeds and sizes. */
    private static void oneStep(Cell cell, int batch, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(Tensor.uniform(rng, -1, 1, DType.FLOAT64, batch, cell.inputSize()));
        int states = cell.initialState(batch, DType.FLOAT64).size();
        List<Tensor> weights = new ArrayList<>();
        for (int k = 0; k < states; k++) {
            inputs.add(Tensor.uniform(rng, -0.5, 0.5, DType.FLOAT64, batch, cell.hiddenSize()));
            weights.add(Tensor.uniform(rng, -1, 1, DType.FLOAT64, batch, cell.hiddenSize()));
        }
        GradCheckReport report = GradCheck.checkSecondOrder(xs -> {
            State next = cell.forward(xs.get(0), new State(xs.subList(1, xs.size())));
            Tensor loss = next.get(0).mul(weights.get(0)).sum();
            for (int k = 1; k < states; k++) {
                loss = loss.add(next.get(k).mul(weights.get(k)).sum());
            }
            return loss;
        }, inputs, rng);
        System.out.println(cell + " B=" + batch + ": " + report);
        assertTrue(report.passed(), report::toString);
    }

    @Test
    void lstmCellStep() {
        for (int size = 1; size <= 3; size++) {
            oneStep(new LSTMCell(size, size, DType.FLOAT64, new SplittableRandom(size)), 2, 100 + size);
        }
    }

    @Test
    void gruCellStep() {
        for (int size = 1; size <= 3; size++) {
            oneStep(new GRUCell(size, size, DType.FLOAT64, new SplittableRandom(size)), 2, 200 + size);
        }
    }

    /** Through Recurrent: CellCheck's second-order property (T ≤ 3, B ≤ 2, I, H ≤ 3, 1-2 layers) only. */
    @Test
    void lstmAndGruThroughRecurrent() {
        for (CellCheck check : List.of(
                CellCheck.of((in, h, rng) -> new LSTMCell(in, h, DType.FLOAT64, rng)),
                CellCheck.of((in, h, rng) -> new GRUCell(in, h, DType.FLOAT64, rng)))) {
            CellCheckReport report = check.seed(0x2D2L).cases(2).maxSteps(3).maxInputSize(3).maxHiddenSize(3).maxBatch(2)
                    .batchInvariance(false).check();
            assertTrue(report.properties().contains(CellCheck.SECOND_ORDER));
            assertTrue(report.maxSecondOrderError() > 0 && report.maxSecondOrderError() < 1e-6, report::toString);
        }
    }
}
