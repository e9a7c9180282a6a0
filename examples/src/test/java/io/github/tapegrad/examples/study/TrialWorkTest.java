package io.github.tapegrad.examples.study;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What a Spark task carries, without Spark: the trial survives Java serialization bit for bit, and so does its result. */
class TrialWorkTest {

    private static final StudySpec SPEC = new StudySpec("w", List.of("gru"), List.of("sine"), 2, 1, 1,
            Distribution.parseSpace("hidden=choice:3,lr=loguniform:1e-3:1e-1"), 7);

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
            o.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void aTrialSurvivesSerializationExactly() throws Exception {
        for (Trial t : SPEC.allTrials(StudyTasks::get)) {
            Trial back = roundTrip(TrialWork.of(t)).toTrial();
            assertEquals(t, back);
            assertEquals(List.copyOf(t.params().keySet()), List.copyOf(back.params().keySet()));
            for (Map.Entry<String, Double> e : t.params().entrySet()) {
                assertEquals(Double.doubleToRawLongBits(e.getValue()), Double.doubleToRawLongBits(back.param(e.getKey())));
            }
        }
    }

    @Test
    void runningTheShippedTrialGivesTheLocalBits() throws Exception {
        Trial t = SPEC.allTrials(StudyTasks::get).get(0);
        TrialOutcome here = TrialExecution.run(StudyTasks.get("sine"), t, (e, m) -> { });
        int saved = io.github.tapegrad.autograd.Backend.threads();
        TrialResult shipped;
        try {
            shipped = roundTrip(roundTrip(TrialWork.of(t)).run(1, 0, "test")); // sets the JVM's kernel threads
        } finally {
            io.github.tapegrad.autograd.Backend.threads(saved);
        }
        assertNull(shipped.error());
        assertEquals(t.key(), shipped.key());
        assertArrayEquals(bits(here.curve()), bits(shipped.curve()));
        assertEquals(Double.doubleToRawLongBits(here.metric()), Double.doubleToRawLongBits(shipped.outcome().metric()));
    }

    static long[] bits(double[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Double.doubleToRawLongBits(v[i]);
        }
        return out;
    }
}
