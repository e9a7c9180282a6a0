package io.github.tapegrad.examples.tasks;

import io.github.tapegrad.examples.cli.CellChoice;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Task.train: small runs beat the memoryless baseline in a few epochs, and a seed fixes every bit. */
class TaskTrainingTest {

    private static Hyperparameters small(Task<?> task, int hidden) {
        return task.defaults().hidden(hidden).lr(0.02).batchSize(32).batchesPerEpoch(30).validationSize(200)
                .threads(1);
    }

    @Test
    void aBidirectionalLstmLearnsShortAddingProblemsInAFewEpochs() {
        AddingProblem task = new AddingProblem(6);
        TrainingResult r = task.train("lstm", small(task, 16), 1, 4);
        assertEquals(4, r.epochs().size());
        assertTrue(r.hyperparameters().bidirectional());
        // always predicting 1 scores MSE 1/6 and 7.84 %; after 120 steps the model is well below that
        assertEquals(1.0 / 6, r.baseline().loss(), 0.03);
        assertTrue(r.last().validation().loss() < 0.6 * r.baseline().loss(), () -> describe(r));
        assertTrue(r.last().validation().accuracy() > r.baseline().accuracy(), () -> describe(r));
    }

    @Test
    void anLstmLearnsShortCopiesInAFewEpochs() {
        CopyMemory task = new CopyMemory(2, 4, 4);
        TrainingResult r = task.train("lstm", small(task, 32), 1, 4);
        assertFalse(r.hyperparameters().bidirectional());
        assertEquals(Math.log(4), r.baseline().loss(), 1e-12);
        assertTrue(r.last().validation().loss() < 0.5 * r.baseline().loss(), () -> describe(r));
        assertTrue(r.last().validation().accuracy() > 2 * r.baseline().accuracy(), () -> describe(r));
    }

    @Test
    void theSameSeedGivesTheSameBitsAndAnotherSeedOthers() {
        CopyMemory task = new CopyMemory(2, 4, 4);
        Hyperparameters hp = small(task, 8).batchesPerEpoch(4).validationSize(40).bidirectional(true);
        List<EpochStats> seen = new ArrayList<>();
        TrainingResult a = task.train(CellChoice.of("gru"), hp, 5, 2, seen::add);
        TrainingResult b = task.train("gru", hp, 5, 2);
        assertEquals(a.epochs(), seen, "the listener sees every epoch");
        assertArrayEquals(a.trainLoss(), b.trainLoss());
        assertArrayEquals(a.validationLoss(), b.validationLoss());
        assertArrayEquals(a.validationAccuracy(), b.validationAccuracy());
        TrainingResult c = task.train("gru", hp, 6, 2);
        assertFalse(java.util.Arrays.equals(a.validationLoss(), c.validationLoss()));
    }

    @Test
    void theValidationSetDependsOnTheSeedAndSizeOnly() {
        AddingProblem task = new AddingProblem(8);
        List<AddingProblem.Batch> a = TaskTrainer.validationSet(task, 3, 600);
        assertEquals(3, a.size(), "chunks of " + TaskTrainer.VALIDATION_CHUNK);
        assertEquals(100, a.get(2).size());
        assertEquals(a, TaskTrainer.validationSet(task, 3, 600));
        assertFalse(a.equals(TaskTrainer.validationSet(task, 4, 600)));
    }

    @Test
    void aLossThatIsNotFiniteStopsTheRun() {
        AddingProblem task = new AddingProblem(6);
        Hyperparameters hp = small(task, 4).lr(1e30).batchesPerEpoch(5).validationSize(20);
        TrainingDiverged e = assertThrows(TrainingDiverged.class, () -> task.train("lstm", hp, 1, 3));
        assertTrue(e.getMessage().startsWith("training diverged: loss "), e.getMessage());
    }

    private static String describe(TrainingResult r) {
        return "validation loss " + java.util.Arrays.toString(r.validationLoss()) + ", accuracy "
                + java.util.Arrays.toString(r.validationAccuracy()) + ", baseline " + r.baseline();
    }
}
