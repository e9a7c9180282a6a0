package io.github.tapegrad.examples.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The study tasks: they learn something (beat the trivial baseline), and a trial gives the same bits twice. */
class StudyTasksTest {

    private static Trial trial(String task, String cell, Map<String, Double> params, int epochs) {
        return new Trial(Trial.keyOf(task, cell, 0, 0), task, cell, 0, 0, 11, params, epochs);
    }

    @Test
    void timeMachineBeatsTheUniformGuessAndRepeatsItsBits() throws Exception {
        StudyTask task = StudyTasks.get("time-machine");
        Trial t = trial("time-machine", "gru", Map.of("lr", 2.0, "hidden", 16.0), 2);
        List<Double> seen = new ArrayList<>();
        double[] a = task.run(t, (e, m) -> seen.add(m));
        assertEquals(2, a.length);
        assertEquals(List.of(a[0], a[1]), seen);
        assertTrue(a[1] < 20 && a[1] < a[0], "below the 28-token uniform perplexity, and falling: " + a[0] + ", "
                + a[1]);
        assertArrayEquals(a, task.run(t, (e, m) -> { }));
        assertTrue(task.minimize());
        assertEquals("validation perplexity", task.metric());
    }

    @Test
    void sineBeatsPredictingZeroAndRepeatsItsBits() throws Exception {
        StudyTask task = StudyTasks.get("sine");
        Trial t = trial("sine", "lstm", Map.of("lr", 0.03, "hidden", 8.0), 3);
        double[] a = task.run(t, (e, m) -> { });
        assertTrue(a[2] < 0.5 * 0.5, "below the variance of sin (about 0.5): " + a[2]);
        assertArrayEquals(a, task.run(t, (e, m) -> { }));
    }

    @Test
    void theVariableLengthTasksReportTheirValidationLossPerEpochAndRepeatTheirBits() throws Exception {
        StudyTask task = StudyTasks.get("copy-memory");
        Trial t = trial("copy-memory", "cifg", Map.of("lr", 0.01, "hidden", 16.0), 2);
        List<Double> seen = new ArrayList<>();
        double[] a = task.run(t, (e, m) -> seen.add(m));
        assertEquals(List.of(a[0], a[1]), seen);
        assertTrue(a[1] < Math.log(8), "below the chance cross-entropy ln 8: " + a[1]);
        assertArrayEquals(a, task.run(t, (e, m) -> { }));
        assertEquals("validation cross-entropy", task.metric());
        assertEquals("validation MSE", StudyTasks.get("adding").metric());
        TrialOutcome diverged = TrialExecution.run(task, trial("copy-memory", "rnn-relu", Map.of("lr", 1e9,
                "hidden", 16.0), 2), (e, m) -> { });
        assertTrue(diverged.failed(), "lr 1e9 diverges: " + java.util.Arrays.toString(diverged.curve()));
    }

    @Test
    void aTrialFailsWhenTrainingDivergesOrTheCellIsUnknown() {
        TrialOutcome diverged = TrialExecution.run(StudyTasks.get("sine"),
                trial("sine", "rnn-relu", Map.of("lr", 1e6, "hidden", 8.0), 2), (e, m) -> { });
        assertTrue(diverged.failed(), "lr 1e6 must diverge");
        TrialOutcome unknown = TrialExecution.run(StudyTasks.get("sine"),
                trial("sine", "no-such-cell", Map.of("lr", 0.01, "hidden", 8.0), 1), (e, m) -> { });
        assertTrue(unknown.failed() && unknown.error().contains("no-such-cell"), unknown.error());
    }

    @Test
    void aForgetBiasInTheSpaceReachesEveryTasksCellsWithAnFGateAndNoOthers() throws Exception {
        for (String name : List.of("sine", "copy-memory")) {
            StudyTask task = StudyTasks.get(name);
            Map<String, Double> plain = Map.of("lr", 0.01, "hidden", 8.0);
            Map<String, Double> biased = new java.util.HashMap<>(plain);
            biased.put(StudyTask.FORGET_BIAS, 1.0);
            double[] lstm = task.run(trial(name, "lstm", plain, 1), (e, m) -> { });
            double[] lstmBiased = task.run(trial(name, "lstm", biased, 1), (e, m) -> { });
            assertTrue(lstm[0] != lstmBiased[0], name + ": an LSTM trains differently with its forget gate shifted");
            assertArrayEquals(task.run(trial(name, "gru", plain, 1), (e, m) -> { }),
                    task.run(trial(name, "gru", biased, 1), (e, m) -> { }), name + ": a GRU has no gate named f");
        }
    }
}
