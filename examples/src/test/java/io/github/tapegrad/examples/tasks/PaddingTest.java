package io.github.tapegrad.examples.tasks;

import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.examples.cli.CellChoice;
import io.github.tapegrad.nn.RecurrentOutput;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What lies past a sequence's length never counts: padding filled with NaN and huge values gives the same loss and
 * the same gradients, bit for bit; each sequence of a padded batch is predicted as if it ran alone; and the final-state
 * readout takes the last layer's forward h at each sequence's last step and its reverse h at step 0.
 */
class PaddingTest {

    private static Task<?> task(String name) {
        return name.equals("adding") ? new AddingProblem(12) : new CopyMemory(3, 5, 8);
    }

    private static SequenceModel model(Task<?> task, String cell, boolean bidirectional, int layers) {
        Hyperparameters hp = task.defaults().hidden(6).layers(layers).bidirectional(bidirectional);
        return new SequenceModel(CellChoice.of(cell), task.inputSize(), task.outputSize(), hp, task.readout(),
                new SplittableRandom(3));
    }

    /** A batch with sequences of different lengths, so there is padding. */
    private static <B extends SequenceBatch> B paddedBatch(Task<B> task) {
        SplittableRandom rng = new SplittableRandom(5);
        for (;;) {
            B batch = task.batch(rng, 7);
            if (Arrays.stream(batch.lengths()).min().orElseThrow() < batch.steps()) {
                return batch;
            }
        }
    }

    /** The same batch with every padded input value replaced: NaN, ±1e6 or a random number. */
    @SuppressWarnings("unchecked")
    private static <B extends SequenceBatch> B garbled(B batch) {
        float[] x = batch.inputs().toFloatArray();
        int steps = batch.steps();
        int size = batch.size();
        int features = batch.inputs().dim(2);
        int[] lengths = batch.lengths();
        SplittableRandom rng = new SplittableRandom(9);
        int changed = 0;
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < size; b++) {
                if (t >= lengths[b]) {
                    for (int i = 0; i < features; i++) {
                        int k = (t * size + b) * features + i;
                        x[k] = switch (k % 4) {
                            case 0 -> Float.NaN;
                            case 1 -> 1e6f;
                            case 2 -> -1e6f;
                            default -> (float) rng.nextGaussian();
                        };
                        changed++;
                    }
                }
            }
        }
        assertTrue(changed > 0);
        Tensor inputs = Tensor.of(x, steps, size, features);
        if (batch instanceof AddingProblem.Batch a) {
            return (B) new AddingProblem.Batch(inputs, a.lengths(), a.targets());
        }
        CopyMemory.Batch c = (CopyMemory.Batch) batch;
        int[] targets = c.targets();
        boolean[] scored = c.scored();
        for (int row = 0; row < targets.length; row++) {
            if (!scored[row]) {
                targets[row] = row % 2 == 0 ? 99 : -1; // not a class: must not even be looked at
            }
        }
        return (B) new CopyMemory.Batch(inputs, c.lengths(), c.symbols(), targets, scored);
    }

    private record LossAndGradients(float loss, Map<String, float[]> gradients, float[] inputGradient) {
    }

    private static <B extends SequenceBatch> LossAndGradients lossAndGradients(Task<B> task, SequenceModel model,
                                                                               B batch) {
        model.zeroGrad();
        Tensor inputs = Tensor.of(batch.inputs().toFloatArray(), batch.steps(), batch.size(), batch.inputs().dim(2))
                .requiresGrad_(true);
        Tensor loss = task.loss(model.forward(inputs, batch.lengths()), batch);
        loss.backward();
        Map<String, float[]> gradients = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> gradients.put(name, p.grad().toFloatArray()));
        return new LossAndGradients(loss.toFloatArray()[0], gradients, inputs.grad().toFloatArray());
    }

    @ParameterizedTest(name = "{0} {1} bidirectional={2} layers={3}")
    @CsvSource({"adding, lstm, true, 1", "adding, gru, false, 1", "adding, lstm, true, 2", "copy-memory, lstm, false, 1",
        "copy-memory, gru, true, 1", "copy-memory, mgu, true, 2"})
    void paddingChangesNeitherTheLossNorAnyGradient(String name, String cell, boolean bidirectional, int layers) {
        check(task(name), cell, bidirectional, layers);
    }

    private static <B extends SequenceBatch> void check(Task<B> task, String cell, boolean bidirectional, int layers) {
        SequenceModel model = model(task, cell, bidirectional, layers);
        B batch = paddedBatch(task);
        LossAndGradients clean = lossAndGradients(task, model, batch);
        LossAndGradients noisy = lossAndGradients(task, model, garbled(batch));
        assertTrue(Float.isFinite(clean.loss()));
        assertEquals(Float.floatToIntBits(clean.loss()), Float.floatToIntBits(noisy.loss()), "loss");
        assertEquals(clean.gradients().keySet(), noisy.gradients().keySet());
        clean.gradients().forEach((p, g) -> assertArrayEquals(g, noisy.gradients().get(p), p));
        assertArrayEquals(clean.inputGradient(), noisy.inputGradient(), "the inputs' gradient");
        int[] lengths = batch.lengths();
        int features = batch.inputs().dim(2);
        float[] dx = clean.inputGradient();
        for (int t = 0; t < batch.steps(); t++) {
            for (int b = 0; b < batch.size(); b++) {
                for (int i = 0; i < features; i++) {
                    if (t >= lengths[b]) {
                        assertEquals(0f, dx[(t * batch.size() + b) * features + i], "gradient at padding");
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} bidirectional={2} layers={3}")
    @CsvSource({"adding, lstm, true, 2", "adding, gru, false, 1", "copy-memory, lstm, false, 1",
        "copy-memory, gru, true, 2"})
    void eachSequenceIsPredictedAsIfItRanAlone(String name, String cell, boolean bidirectional, int layers) {
        Task<?> task = task(name);
        SequenceModel model = model(task, cell, bidirectional, layers);
        SequenceBatch batch = paddedBatch(task);
        int outputs = task.outputSize();
        int size = batch.size();
        int[] lengths = batch.lengths();
        try (Grad.Scope off = Grad.off()) {
            float[] together = model.forward(batch.inputs(), lengths).toFloatArray();
            for (int b = 0; b < size; b++) {
                Tensor alone = batch.inputs().narrow(1, b, 1).narrow(0, 0, lengths[b]).contiguous();
                float[] own = model.forward(alone, new int[] {lengths[b]}).toFloatArray();
                int rows = task.readout() == Readout.FINAL_STATE ? 1 : lengths[b];
                for (int t = 0; t < rows; t++) {
                    int row = task.readout() == Readout.FINAL_STATE ? b : t * size + b;
                    for (int o = 0; o < outputs; o++) {
                        float expected = own[t * outputs + o];
                        float actual = together[row * outputs + o];
                        assertEquals(expected, actual, 1e-5 * Math.max(1, Math.abs(expected)),
                                "sequence " + b + " step " + t + " output " + o);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "layers={0}")
    @CsvSource({"1", "2"})
    void theFinalStateReadoutIsTheLastLayersForwardEndAndReverseStart(int layers) {
        AddingProblem task = new AddingProblem(12);
        SequenceModel model = model(task, "lstm", true, layers);
        AddingProblem.Batch batch = paddedBatch(task);
        int hidden = 6;
        int size = batch.size();
        int[] lengths = batch.lengths();
        try (Grad.Scope off = Grad.off()) {
            RecurrentOutput out = model.rnn().forward(batch.inputs(), lengths);
            float[] read = model.finalHidden(out.finalStates()).toFloatArray();
            float[] outputs = out.outputs().toFloatArray(); // [T, B, 2H]: forward half, then reverse half
            for (int b = 0; b < size; b++) {
                int last = lengths[b] - 1;
                for (int h = 0; h < hidden; h++) {
                    assertEquals(outputs[(last * size + b) * 2 * hidden + h], read[b * 2 * hidden + h],
                            "forward h of sequence " + b);
                    assertEquals(outputs[b * 2 * hidden + hidden + h], read[b * 2 * hidden + hidden + h],
                            "reverse h of sequence " + b);
                }
            }
        }
    }
}
