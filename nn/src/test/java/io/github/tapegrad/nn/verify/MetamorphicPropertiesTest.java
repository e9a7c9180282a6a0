package io.github.tapegrad.nn.verify;

import io.github.tapegrad.nn.CellConfig;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.GRUCell;
import io.github.tapegrad.nn.LSTMCell;
import io.github.tapegrad.nn.RNNCell;
import io.github.tapegrad.nn.Recurrent;
import io.github.tapegrad.nn.check.CellMaker;
import io.github.tapegrad.nn.check.CheckCase;
import io.github.tapegrad.nn.check.GateBlocks;
import io.github.tapegrad.nn.check.GradientDiff;
import io.github.tapegrad.nn.check.Metamorphic;
import io.github.tapegrad.nn.check.RecurrentProblem;

import java.util.Locale;
import java.util.SplittableRandom;
import io.github.tapegrad.nn.zoo.PeepholeLSTMCell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.quicktheories.core.Gen;

/** nn.check's metamorphic properties hold for every built-in cell and the peephole variant, and can fail. */
class MetamorphicPropertiesTest {
    static final int TRIES = 40;

    enum Kind { RNN_TANH, LSTM, GRU, PEEPHOLE_LSTM }

    static CellMaker<?> maker(Kind kind) {
        return switch (kind) {
            case RNN_TANH -> (in, h, rng) -> new RNNCell(CellConfig.of(in, h).dtype(DType.FLOAT64).rng(rng), RNNCell.Nonlinearity.TANH);
            case LSTM -> (in, h, rng) -> new LSTMCell(in, h, DType.FLOAT64, rng);
            case GRU -> (in, h, rng) -> new GRUCell(in, h, DType.FLOAT64, rng);
            case PEEPHOLE_LSTM -> (in, h, rng) -> new PeepholeLSTMCell(CellConfig.of(in, h).dtype(DType.FLOAT64).rng(rng));
        };
    }

    /** Cases with B 2-4 (batch invariance needs two sequences), T 1-5, I, H 1-5, 1-2 layers. */
    static Gen<CheckCase> cases() {
        return integers().between(1, 5).zip(integers().between(2, 4), integers().between(1, 5), integers().between(1, 5),
                (t, b, i, h) -> new int[] {t, b, i, h})
                .zip(integers().between(1, 2), longs().all(), (s, layers, seed) -> new CheckCase(s[0], s[1], s[2], s[3],
                        layers, seed));
    }

    static <C extends Cell> Recurrent stack(CellMaker<C> maker, CheckCase c, SplittableRandom rng) {
        return new Recurrent(config -> maker.make(config.inputSize(), c.hiddenSize(), rng),
                Recurrent.options(c.inputSize(), c.hiddenSize()).layers(c.layers()).dtype(DType.FLOAT64).rng(rng));
    }

    static RecurrentProblem problem(CellMaker<?> maker, CheckCase c) {
        SplittableRandom rng = new SplittableRandom(c.seed());
        return RecurrentProblem.generate(stack(maker, c, rng), c.steps(), c.batch(), rng);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aBatchGivesEachSequenceAlone(Kind kind) {
        double[] max = {0};
        qt().withExamples(TRIES).forAll(cases()).checkAssert(c -> {
            GradientDiff diff = Metamorphic.batchInvariance(problem(maker(kind), c), Metamorphic.ROUNDING,
                    GateBlocks.none(c.hiddenSize()));
            assertTrue(diff.agrees(), () -> c + ": " + diff);
            max[0] = Math.max(max[0], diff.maxRelativeError());
        });
        System.out.printf(Locale.ROOT, "batch invariance %s: %d tries, max relative error %.3g%n", kind, TRIES, max[0]);
    }

    @Test
    void aPeepholeLstmWithZeroPeepholesIsLstmCell() {
        double[] max = {0};
        qt().withExamples(TRIES).forAll(cases()).checkAssert(c -> {
            RecurrentProblem p = problem(maker(Kind.PEEPHOLE_LSTM), c);
            Recurrent base = stack(maker(Kind.LSTM), c, new SplittableRandom(~c.seed()));
            GradientDiff diff = Metamorphic.zeroExtrasMatchBase(p.net(), base, p, Metamorphic.ROUNDING,
                    GateBlocks.of(c.hiddenSize(), "i", "f", "g", "o"));
            assertTrue(diff.agrees(), () -> c + ": " + diff);
            assertTrue(diff.tensors().stream().anyMatch(d -> d.name().equals("weight_ih_l0")), "shared gradients compared");
            max[0] = Math.max(max[0], diff.maxRelativeError());
        });
        System.out.printf(Locale.ROOT, "peephole with zero peepholes = LSTMCell: %d tries, max relative error %.3g%n",
                TRIES, max[0]);
    }

    @Test
    void theRelationsCanFail() {
        qt().withExamples(10).forAll(cases()).checkAssert(c -> {
            assertFalse(Metamorphic.batchInvariance(problem(BrokenCells.BatchMeanRnn::new, c), Metamorphic.ROUNDING,
                    GateBlocks.none(c.hiddenSize())).agrees(), c::toString);
            RecurrentProblem p = problem(BrokenCells.CoupledGateLstm::new, c);
            Recurrent base = stack(maker(Kind.LSTM), c, new SplittableRandom(~c.seed()));
            assertFalse(Metamorphic.zeroExtrasMatchBase(p.net(), base, p, Metamorphic.ROUNDING,
                    GateBlocks.none(c.hiddenSize())).agrees(), c::toString);
        });
    }
}
