package io.github.tapegrad.examples.study;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A study's rows read back from its database, and the comparisons the runner tests make. */
final class StudyRows {
    private StudyRows() {
    }

    static Map<String, TrialRow> read(String db, String study) throws Exception {
        try (StudyStore store = StudyStore.open(db)) {
            Map<String, TrialRow> out = new LinkedHashMap<>();
            for (TrialRow r : store.rows(study)) {
                out.put(r.key(), r);
            }
            return out;
        }
    }

    /** The same trial keys, each with the same metric and curve, bit for bit. */
    static void assertSameResults(Map<String, TrialRow> expected, Map<String, TrialRow> actual) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()));
        expected.forEach((key, e) -> {
            TrialRow a = actual.get(key);
            assertEquals(e.status(), a.status(), key);
            assertEquals(Double.doubleToRawLongBits(e.metric()), Double.doubleToRawLongBits(a.metric()),
                    () -> key + ": metric " + e.metric() + " vs " + a.metric());
            assertArrayEquals(TrialWorkTest.bits(e.curve()), TrialWorkTest.bits(a.curve()), key + ": curve");
        });
    }
}
