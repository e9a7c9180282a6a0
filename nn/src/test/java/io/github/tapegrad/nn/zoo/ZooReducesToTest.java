package io.github.tapegrad.nn.zoo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.LSTMCell;
import io.github.tapegrad.nn.check.CellCheck;
import io.github.tapegrad.nn.check.CellCheckReport;
import io.github.tapegrad.nn.check.CellMaker;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Zoo cells that equal another cell: with their extra parameters at zero, or under a parameter map. */
class ZooReducesToTest {
    private static final long SEED = 0x300L;

    private static CellMaker<?> maker(io.github.tapegrad.nn.CellFactory<?> factory) {
        return (in, h, rng) -> factory.create(CellConfig.of(in, h).dtype(DType.FLOAT64).rng(rng));
    }

    @Test
    void thePeepholeLstmWithZeroPeepholesIsLstmCell() {
        CellCheckReport r = CellCheck.of(maker(PeepholeLSTMCell::new)).reducesTo(maker(LSTMCell::new)).seed(SEED)
                .cases(8).check();
        assertTrue(r.properties().contains(CellCheck.BASE), r::toString);
    }

    /**
     * CIFG is the peephole LSTM whose forget gate's weights, biases and peephole are minus the input gate's,
     * as σ(−z) = 1 − σ(z). Greff et al. state it as f = 1 − i.
     */
    @Test
    void cifgIsThePeepholeLstmWithTheForgetGateMinusTheInputGate() {
        CellCheckReport r = CellCheck.of(maker(CifgCell::new)).reducesTo(maker(PeepholeLSTMCell::new), variant -> {
            Map<String, Tensor> base = new LinkedHashMap<>();
            for (String name : List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh")) {
                List<Tensor> igo = variant.get(name).chunk(3, 0);
                base.put(name, Tensor.concat(List.of(igo.get(0), igo.get(0).neg(), igo.get(1), igo.get(2)), 0));
            }
            base.put("weight_ci", variant.get("weight_ci"));
            base.put("weight_cf", variant.get("weight_ci").neg());
            base.put("weight_co", variant.get("weight_co"));
            return base;
        }).seed(SEED).cases(8).check();
        assertTrue(r.properties().contains(CellCheck.MAPPED_BASE), r::toString);
    }

    /** NP, "no peepholes", is LSTMCell by name; the check holds it to LSTMCell's equations. */
    @Test
    void npIsLstmCell() {
        assertTrue(io.github.tapegrad.nn.Cells.factory("np").create(CellConfig.of(2, 2)) instanceof LSTMCell);
    }
}
