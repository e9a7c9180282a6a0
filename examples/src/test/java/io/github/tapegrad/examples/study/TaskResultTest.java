package io.github.tapegrad.examples.study;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A task's summary per cell: top 10 %, ranks and their ties, and the t-tests that cannot be made. */
class TaskResultTest {

    private static final List<TrialRow> ROWS = new ArrayList<>();

    private static TrialRow row(String cell, int trial, String status, double metric) {
        return new TrialRow("t/" + cell + "/t" + trial + "/s0", "t", cell, trial, 0, 1, Map.of("lr", 0.01), 1, status,
                metric, new double[] {metric}, status.equals("failed") ? "boom" : null, 1, null, null, 2.0, "m", "r");
    }

    private static List<TrialRow> rows(String cell, double... metrics) {
        List<TrialRow> out = new ArrayList<>();
        for (int i = 0; i < metrics.length; i++) {
            out.add(row(cell, i, Double.isNaN(metrics[i]) ? "failed" : "complete", metrics[i]));
        }
        return out;
    }

    private static List<TrialRow> concat(List<List<TrialRow>> parts) {
        List<TrialRow> out = new ArrayList<>();
        parts.forEach(out::addAll);
        return out;
    }

    @Test
    void topTenPercentIsATenthRoundedUp() {
        assertEquals(0, TaskResult.CellResult.topCount(0));
        assertEquals(1, TaskResult.CellResult.topCount(1));
        assertEquals(1, TaskResult.CellResult.topCount(10));
        assertEquals(2, TaskResult.CellResult.topCount(11));
        assertEquals(20, TaskResult.CellResult.topCount(200));
        double[] metrics = new double[25];
        for (int i = 0; i < metrics.length; i++) {
            metrics[i] = 25 - i; // 25, 24, ..., 1
        }
        TaskResult r = TaskResult.of("t", "loss", true, List.of("lstm"), "lstm", rows("lstm", metrics));
        TaskResult.CellResult c = r.cells().get(0);
        assertEquals(3, c.topCount());
        assertEquals(2.0, c.top().median()); // the best three: 1, 2, 3
        assertEquals(13.0, c.all().median());
        assertEquals(1.0, c.best().metric());
    }

    @Test
    void tiesInTheTopGoToTheBetterMedianThenToTheSpecOrder() {
        List<TrialRow> rows = concat(List.of(rows("lstm", 1, 5, 9), rows("gru", 1, 3, 4), rows("mgu", 1, 3, 4),
                rows("rnn", Double.NaN, Double.NaN)));
        TaskResult r = TaskResult.of("t", "loss", true, List.of("lstm", "gru", "mgu", "rnn"), "lstm", rows);
        assertEquals(List.of("gru", "mgu", "lstm"), r.ranking().stream().map(TaskResult.CellResult::cell).toList());
        TaskResult.CellResult rnn = r.cells().get(3);
        assertFalse(rnn.ranked());
        assertEquals(2, rnn.failed());
        assertEquals("rnn has 0 complete trials; the test needs 2", rnn.comparison().unavailable());
        assertNull(rnn.comparison().verdict(true));
        // higher is better: the same medians rank the other way round
        TaskResult up = TaskResult.of("t", "score", false, List.of("lstm", "gru", "mgu", "rnn"), "lstm", rows);
        assertEquals(List.of("lstm", "gru", "mgu"), up.ranking().stream().map(TaskResult.CellResult::cell).toList());
        assertEquals(9.0, up.cells().get(0).best().metric());
    }

    @Test
    void testsThatCannotBeMadeSayWhy() {
        List<TrialRow> rows = concat(List.of(rows("lstm", 2, Double.NaN), rows("gru", 1, 2), rows("mgu", 3, 3),
                rows("cifg", 4, 4)));
        TaskResult r = TaskResult.of("t", "loss", true, List.of("lstm", "gru", "mgu", "cifg"), "lstm", rows);
        assertEquals("baseline lstm has 1 complete trial; the test needs 2", r.cells().get(1).comparison().unavailable());
        TaskResult both = TaskResult.of("t", "loss", true, List.of("lstm", "gru", "mgu", "cifg"), "mgu", rows);
        assertEquals("the metrics of cifg and of mgu are both constant: no variance to test",
                both.cells().get(3).comparison().unavailable());
        // one constant sample against a varying one can be tested
        assertTrue(both.cells().get(1).comparison().welch().available());
        assertEquals(1, both.failed());
        assertEquals(Map.of("boom", 1), both.errors());
    }
}
