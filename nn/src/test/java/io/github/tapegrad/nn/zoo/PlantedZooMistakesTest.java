package io.github.tapegrad.nn.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.CellFactory;
import io.github.tapegrad.nn.State;
import io.github.tapegrad.nn.check.CellCheck;
import io.github.tapegrad.nn.check.CellCheckReport;
import io.github.tapegrad.nn.check.CellReference;
import io.github.tapegrad.nn.check.CheckFailure;
import io.github.tapegrad.nn.init.Init;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * Zoo cells with one planted mistake each (a sign, a swapped gate, a missing term, a wrong slice, a stray
 * detach). Gradient checks pass the first four (a wrong forward has right gradients); the paper's equations
 * ({@link Equations}) catch them, and the stray detach is caught by the gradients; each shrunk to
 * T = B = I = H = 1, one layer.
 */
class PlantedZooMistakesTest {
    private static final long SEED = 0x200L;

    private static CheckFailure caught(CellFactory<?> factory, CellReference reference, String property) {
        return caught(factory, reference, property, 1);
    }

    private static CheckFailure caught(CellFactory<?> factory, CellReference reference, String property, int hidden) {
        CellCheckReport report = CellCheck.of((in, h, rng) -> factory.create(CellConfig.of(in, h).dtype(DType.FLOAT64)
                .rng(rng))).reference(reference).seed(SEED).run();
        System.out.println(report.toString().lines().findFirst().orElse(""));
        assertFalse(report.passed(), "the planted mistake was caught");
        CheckFailure f = report.failure();
        assertEquals(property, f.property(), report::toString);
        assertEquals(List.of(1, 1, 1, hidden, 1), List.of(f.shrunk().steps(), f.shrunk().batch(), f.shrunk().inputSize(),
                f.shrunk().hiddenSize(), f.shrunk().layers()), f.shrunk()::toString);
        return f;
    }

    /** The mistake passes every gradient property: only the reference can see it. */
    private static void invisibleToGradients(CellFactory<?> factory) {
        assertTrue(CellCheck.of((in, h, rng) -> factory.create(CellConfig.of(in, h).dtype(DType.FLOAT64).rng(rng)))
                .seed(SEED).cases(6).run().passed(), "gradients alone pass the wrong cell");
    }

    /** CIFG with a sign flipped: c' = (1 + i) c − i g. */
    static final class SignFlippedCifg extends Cell {
        private final Gates gates;
        private final Tensor pi;
        private final Tensor po;

        public SignFlippedCifg(CellConfig config) {
            super("SignFlippedCifg", config, "h", "c");
            gates = gates("i", "g", "o");
            pi = parameter("weight_ci", config.weights(), config.hiddenSize());
            po = parameter("weight_co", config.weights(), config.hiddenSize());
        }

        @Override
        protected State step(Tensor in, State state) {
            Tensor c = state.get(1);
            List<Tensor> z = gates.split(gates.plusHidden(in, state.h()));
            Tensor i = z.get(0).add(c.mul(pi)).sigmoid();
            Tensor cNext = c.sub(i.mul(z.get(1).tanh().sub(c)));
            Tensor o = z.get(2).add(cNext.mul(po)).sigmoid();
            return State.of(o.mul(cNext.tanh()), cNext);
        }
    }

    /** The peephole LSTM with the input and forget gates' peepholes swapped. */
    static final class SwappedPeepholes extends Cell {
        private final Gates gates;
        private final Tensor pi;
        private final Tensor pf;
        private final Tensor po;

        public SwappedPeepholes(CellConfig config) {
            super("SwappedPeepholes", config, "h", "c");
            gates = gates("i", "f", "g", "o");
            pi = parameter("weight_ci", config.weights(), config.hiddenSize());
            pf = parameter("weight_cf", config.weights(), config.hiddenSize());
            po = parameter("weight_co", config.weights(), config.hiddenSize());
        }

        @Override
        protected State step(Tensor in, State state) {
            Tensor c = state.get(1);
            List<Tensor> z = gates.split(gates.plusHidden(in, state.h()));
            Tensor i = z.get(0).add(c.mul(pf)).sigmoid();
            Tensor f = z.get(1).add(c.mul(pi)).sigmoid();
            Tensor cNext = f.mul(c).add(i.mul(z.get(2).tanh()));
            Tensor o = z.get(3).add(cNext.mul(po)).sigmoid();
            return State.of(o.mul(cNext.tanh()), cNext);
        }
    }

    /** MGU with the gate missing from the candidate's recurrence: U_h h where U_h (f ⊙ h) belongs. */
    static final class MissingGateMgu extends Cell {
        private final Gates in;
        private final Projection uf;
        private final Projection uh;

        public MissingGateMgu(CellConfig config) {
            super("MissingGateMgu", config, "h");
            in = inputGates("f", "n");
            uf = recurrent("hf", false, "f");
            uh = recurrent("hn", false, "n");
        }

        @Override
        protected State step(Tensor x, State state) {
            List<Tensor> z = in.split(x);
            Tensor h = state.h();
            Tensor f = uf.plus(z.get(0), h).sigmoid();
            Tensor candidate = uh.plus(z.get(1), h).tanh();
            return State.of(h.add(f.mul(candidate.sub(h))));
        }
    }

    /** LayerNorm-LSTM with the output gate read from the g block. */
    static final class WrongSliceLnLstm extends Cell {
        private final Gates in;
        private final Projection hh;
        private final Tensor bias;
        private final Tensor[] ln = new Tensor[6];

        public WrongSliceLnLstm(CellConfig config) {
            super("WrongSliceLnLstm", config, "h", "c");
            in = inputGates(false, "i", "f", "g", "o");
            hh = recurrent("hh", false, "i", "f", "g", "o");
            bias = gateParameter("bias", config.biases(), "i", "f", "g", "o");
            int h = config.hiddenSize();
            String[] names = {"ln_ih_weight", "ln_ih_bias", "ln_hh_weight", "ln_hh_bias", "ln_c_weight", "ln_c_bias"};
            for (int k = 0; k < 6; k++) {
                ln[k] = parameter(names[k], k % 2 == 0 ? Init.constant(1) : Init.zeros(), k < 4 ? 4 * h : h);
            }
        }

        private static Tensor layerNorm(Tensor z, Tensor gain, Tensor shift) {
            Tensor centered = z.sub(z.mean(1, true));
            return centered.div(centered.square().mean(1, true).add(LayerNormLSTMCell.EPS).sqrt()).mul(gain).add(shift);
        }

        @Override
        protected State step(Tensor x, State state) {
            Tensor z = layerNorm(hh.of(state.h()), ln[2], ln[3]).add(layerNorm(x, ln[0], ln[1])).add(bias);
            List<Tensor> g = in.split(z);
            Tensor c = g.get(1).sigmoid().mul(state.get(1)).add(g.get(0).sigmoid().mul(g.get(2).tanh()));
            return State.of(g.get(2).sigmoid().mul(layerNorm(c, ln[4], ln[5]).tanh()), c);
        }
    }

    /** NOAF with a stray detach on the cell state in the output: the forward is right, gradients are not. */
    static final class StrayDetachNoaf extends Cell {
        private final Gates gates;
        private final Tensor pi;
        private final Tensor pf;
        private final Tensor po;

        public StrayDetachNoaf(CellConfig config) {
            super("StrayDetachNoaf", config, "h", "c");
            gates = gates("i", "f", "g", "o");
            pi = parameter("weight_ci", config.weights(), config.hiddenSize());
            pf = parameter("weight_cf", config.weights(), config.hiddenSize());
            po = parameter("weight_co", config.weights(), config.hiddenSize());
        }

        @Override
        protected State step(Tensor in, State state) {
            Tensor c = state.get(1);
            List<Tensor> z = gates.split(gates.plusHidden(in, state.h()));
            Tensor i = z.get(0).add(c.mul(pi)).sigmoid();
            Tensor f = z.get(1).add(c.mul(pf)).sigmoid();
            Tensor cNext = f.mul(c).add(i.mul(z.get(2).tanh()));
            Tensor o = z.get(3).add(cNext.mul(po)).sigmoid();
            return State.of(o.mul(cNext.detach()), cNext);
        }
    }

    @Test
    void aFlippedSignInCifg() {
        invisibleToGradients(SignFlippedCifg::new);
        caught(SignFlippedCifg::new, Equations.CIFG, CellCheck.REFERENCE);
    }

    @Test
    void swappedPeepholes() {
        invisibleToGradients(SwappedPeepholes::new);
        caught(SwappedPeepholes::new, Equations.VANILLA, CellCheck.REFERENCE);
    }

    @Test
    void aMissingTermInMgu() {
        invisibleToGradients(MissingGateMgu::new);
        caught(MissingGateMgu::new, Equations.MGU, CellCheck.REFERENCE);
    }

    @Test
    void aWrongSliceInLayerNormLstm() {
        invisibleToGradients(WrongSliceLnLstm::new);
        // at H = 1 the cell-state norm is β_c whatever c is, so h' = σ(·) tanh(β_c) = 0 hides the gate: H = 2
        caught(WrongSliceLnLstm::new, Equations.LNLSTM, CellCheck.REFERENCE, 2);
    }

    @Test
    void aStrayDetachInNoaf() {
        CheckFailure f = caught(StrayDetachNoaf::new, Equations.NOAF, CellCheck.FIRST_ORDER);
        // the detached c' in h' cuts the paths through i, f, g and their peepholes; o keeps its gradient
        assertEquals(List.of("i", "f", "g"), f.attribution().gates().get("weight_ih_l0"), f.attribution()::toString);
        assertFalse(f.attribution().tensors().contains("weight_co_l0"), f.attribution()::toString);
    }

    @Test
    void theCorrectCellsPassWithTheSameSeed() {
        List<CellFactory<?>> cells = List.of(CifgCell::new, PeepholeLSTMCell::new, MguCell::new, LayerNormLSTMCell::new,
                NoafCell::new);
        List<CellReference> references = List.of(Equations.CIFG, Equations.VANILLA, Equations.MGU,
                Equations.LNLSTM, Equations.NOAF);
        for (int k = 0; k < cells.size(); k++) {
            CellFactory<?> factory = cells.get(k);
            CellCheck.of((in, h, rng) -> factory.create(CellConfig.of(in, h).dtype(DType.FLOAT64).rng(rng)))
                    .reference(references.get(k)).seed(SEED).check();
        }
    }
}
