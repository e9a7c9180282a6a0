package io.github.tapegrad.nn.verify;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.GRUCell;
import io.github.tapegrad.nn.LSTMCell;
import io.github.tapegrad.nn.check.CellCheck;
import io.github.tapegrad.nn.check.CellCheckReport;
import io.github.tapegrad.nn.check.CellMaker;
import io.github.tapegrad.nn.check.ParameterMap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * reducesTo with a parameter map: a coupled-gate LSTM (CIFG) is an LSTM whose forget-gate rows are minus
 * its input-gate rows (σ(−z) = 1 − σ(z)); a map that does not fit the base is a configuration error naming
 * the parameter and both shapes, not a failure of the cell.
 */
class ReducesToMapTest {
    static final long SEED = 0xC1F6L;
    static final CellMaker<LSTMCell> LSTM = (in, h, rng) -> new LSTMCell(in, h, DType.FLOAT64, rng);

    /** Blocks i, g, o → i, −i, g, o in every parameter. */
    static final ParameterMap CIFG_TO_LSTM = variant -> {
        Map<String, Tensor> base = new LinkedHashMap<>();
        variant.forEach((name, t) -> {
            List<Tensor> igo = t.chunk(3, 0);
            base.put(name, Tensor.concat(List.of(igo.get(0), igo.get(0).neg(), igo.get(1), igo.get(2)), 0));
        });
        return base;
    };

    @Test
    void cifgIsAnLstmWithMinusTheInputGateAsForgetGate() {
        CellCheckReport report = CellCheck.of(PlantedMistakes.Cifg::new).reducesTo(LSTM, CIFG_TO_LSTM)
                .reference(CellReferences.CIFG).seed(SEED).cases(12).check();
        System.out.println(report);
        assertTrue(report.properties().containsAll(List.of(CellCheck.MAPPED_BASE, CellCheck.REFERENCE)));
    }

    /** The identity map of a cell onto its own kind holds, parameter gradients included (no recorded op at all). */
    @Test
    void theIdentityMapOfLstmCellOntoItselfHolds() {
        assertTrue(CellCheck.of(LSTM).reducesTo(LSTM, variant -> variant).seed(SEED).cases(4).secondOrder(false)
                .run().passed());
    }

    @Test
    void aMapOfTheWrongShapeIsAConfigurationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CellCheck.of(PlantedMistakes.Cifg::new).reducesTo(LSTM, variant -> variant).seed(SEED).run());
        String m = e.getMessage();
        System.out.println(m);
        assertTrue(m.contains("parameter map") && m.contains("weight_ih [12, 4]") && m.contains("weight_ih [16, 4]"), m);
        assertTrue(m.contains("Cifg(4, 4)") && m.contains("LSTMCell(4, 4)"), m);
    }

    @Test
    void aMapMissingAParameterIsAConfigurationError() {
        ParameterMap noBiasHh = variant -> {
            Map<String, Tensor> out = new LinkedHashMap<>(CIFG_TO_LSTM.apply(variant));
            out.remove("bias_hh");
            return out;
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CellCheck.of(PlantedMistakes.Cifg::new).reducesTo(LSTM, noBiasHh).seed(SEED).run());
        assertTrue(e.getMessage().contains("missing [bias_hh]"), e.getMessage());
    }

    @Test
    void aMapThatThrowsIsAConfigurationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CellCheck.of(PlantedMistakes.Cifg::new).reducesTo(LSTM, variant -> {
                    throw new IllegalStateException("no such block");
                }).seed(SEED).run());
        assertTrue(e.getMessage().contains("parameter map threw") && e.getMessage().contains("no such block"),
                e.getMessage());
    }

    /** Today's confusing "loadStateDict: weight_ih_l0: expected [16, 4] … got [12, 4]" now says what to do. */
    @Test
    void theDefaultMappingOfDifferentShapesIsAConfigurationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CellCheck.of(PlantedMistakes.Cifg::new).reducesTo(LSTM).seed(SEED).run());
        String m = e.getMessage();
        System.out.println(m);
        assertTrue(m.contains("weight_ih_l0 [12, 4]") && m.contains("weight_ih_l0 [16, 4]")
                && m.contains("ParameterMap"), m);
    }

    @Test
    void aBaseWithAnotherStateIsAConfigurationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CellCheck.of(PlantedMistakes.Cifg::new)
                        .reducesTo((in, h, rng) -> new GRUCell(in, h, DType.FLOAT64, rng),
                                variant -> variant)
                        .seed(SEED).run());
        assertTrue(e.getMessage().contains("must keep its base's state tensors"), e.getMessage());
    }
}
