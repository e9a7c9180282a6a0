package io.github.tapegrad.examples.tasks;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.examples.cli.CellChoice;
import io.github.tapegrad.examples.cli.RecurrentFootprint;
import io.github.tapegrad.examples.cli.SizeCheck.TensorSize;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The up-front size check counts a task model's parameters, bidirectional stacks included, as the model has them. */
class SizeEstimateTest {

    @ParameterizedTest(name = "{0} layers={1} bidirectional={2}")
    @CsvSource({"lstm, 1, false", "lstm, 2, true", "gru, 3, true", "mgu, 2, false", "rnn, 1, true"})
    void theEstimatesParametersAreTheModels(String name, int layers, boolean bidirectional) {
        CellChoice cell = CellChoice.of(name);
        int input = 10;
        int hidden = 7;
        int outputs = 8;
        Hyperparameters hp = new CopyMemory(1, 8, 1).defaults().hidden(hidden).layers(layers)
                .bidirectional(bidirectional);
        SequenceModel model = new SequenceModel(cell, input, outputs, hp, Readout.EVERY_STEP, new SplittableRandom(1));
        RecurrentFootprint estimate = new RecurrentFootprint("rnn", "head", cell.profile(), input, hidden, layers,
                outputs, 4, hp.directions());
        assertEquals(model.parameterCount(), estimate.parameters());
        Map<String, Tensor> parameters = model.namedParameters();
        for (TensorSize t : estimate.tensors(3, 5)) {
            if (t.name().startsWith("rnn.") || t.name().startsWith("head.")) {
                Tensor p = parameters.get(t.name());
                assertNotNull(p, t.name() + " is not a parameter of " + model);
                assertArrayEquals(p.shape().toArray(), Arrays.stream(t.dims()).mapToInt(d -> (int) d).toArray(),
                        t.name());
            }
        }
    }
}
