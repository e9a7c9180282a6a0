package io.github.tapegrad.examples.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The norm-wise comparison behind the refusal to time. */
class AgreementTest {

    private static Snapshot of(double loss, double... grad) {
        return new Snapshot().put("loss", new double[] {loss}).put("grad of w", grad);
    }

    @Test
    void relativeErrorIsNormWise() {
        // ‖(0, 0.5)‖ over the larger norm, ‖(3, 4.5)‖
        assertEquals(0.5 / Math.sqrt(9 + 20.25), Agreement.relativeError(new double[] {3, 4}, new double[] {3, 4.5}, 0),
                1e-15);
        assertEquals(0, Agreement.relativeError(new double[] {0, 0}, new double[] {0, 0}, 0));
        assertEquals(0.5 / 10, Agreement.relativeError(new double[] {1}, new double[] {1.5}, 10), 1e-15);
        assertTrue(Double.isNaN(Agreement.relativeError(new double[] {Double.NaN}, new double[] {1}, 0)));
    }

    @Test
    void equalSnapshotsAgree() {
        Agreement a = Agreement.compare("autograd", of(2.5, 1, 2, 3), of(2.5, 1, 2, 3), 1e-4);

        assertTrue(a.passed(), a.describe());
        assertEquals(0, a.maxError());
    }

    @Test
    void aWrongGradientFailsAndIsNamed() {
        Agreement a = Agreement.compare("autograd", of(2.5, 1, 2, 3), of(2.5, 1, 2, 3.01), 1e-4);

        assertFalse(a.passed());
        assertEquals("grad of w", a.worst());
        assertTrue(a.describe().contains("DISAGREE") && a.describe().contains("grad of w"), a.describe());
    }

    @Test
    void nanAndMissingQuantitiesFail() {
        assertFalse(Agreement.compare("custom", of(Double.NaN, 1), of(1, 1), 1e-4).passed());
        Agreement missing = Agreement.compare("custom", new Snapshot().put("loss", new double[] {1}), of(1, 1), 1e-4);
        assertFalse(missing.passed());
        assertTrue(missing.describe().contains("grad of w: missing from custom"), missing.describe());
        Snapshot extra = of(1, 1).put("grad of h0", new double[] {0});
        assertFalse(Agreement.compare("custom", extra, of(1, 1), 1e-4).passed());
    }
}
