package io.github.tapegrad.nn.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.GRUCell;
import io.github.tapegrad.nn.State;
import io.github.tapegrad.nn.check.CellCheck;
import io.github.tapegrad.nn.check.CellCheckReport;
import io.github.tapegrad.nn.check.CheckFailure;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** What a check does without being told: a fixed seed, the parameter-free properties, attribution by declaration. */
class CellCheckDefaultsTest {

    @Test
    void withoutASeedARunIsReproducibleAndPrintsItsSeed() {
        CellCheck check = CellCheck.of(PlantedMistakes.StepCountingRnn::new).cases(6);
        CellCheckReport first = check.run();
        assertEquals(CellCheck.DEFAULT_SEED, first.seed());
        assertEquals(first.toString(), check.run().toString());
        assertTrue(first.toString().contains(String.format("seed 0x%xL", CellCheck.DEFAULT_SEED)), first::toString);
    }

    @Test
    void theParameterFreePropertiesAreOnByDefaultAndEachCanBeSwitchedOff() {
        CellCheck check = CellCheck.of((in, h, rng) -> new GRUCell(in, h, DType.FLOAT64, rng)).cases(3)
                .secondOrder(false);
        assertEquals(List.of(CellCheck.FIRST_ORDER, CellCheck.BATCH, CellCheck.ZERO_LENGTH, CellCheck.SPLIT,
                CellCheck.SEQUENCES), check.check().properties());
        assertEquals(List.of(CellCheck.FIRST_ORDER), check.batchInvariance(false).zeroLength(false).sequenceSplit(false)
                .sequences(false).check().properties());
        assertTrue(CellCheck.of(PlantedMistakes.StepCountingRnn::new).sequenceSplit(false).sequences(false).cases(6)
                .run().passed(), "only the split and the sequences property see the step counter");
        CellCheckReport counted = CellCheck.of(PlantedMistakes.StepCountingRnn::new).sequenceSplit(false).run();
        assertEquals(CellCheck.SEQUENCES, counted.failure().property(), counted::toString);
    }

    /** The stray detach attributed by the cell's gateBlocks(); an explicit .gates(...) overrides it. */
    @Test
    void attributionFollowsTheCellsDeclarationUnlessOverridden() {
        CheckFailure declared = CellCheck.of(PlantedMistakes.StrayDetachLstm::new).run().failure();
        assertEquals(List.of("g"), declared.attribution().gates().get("weight_hh_l0"));
        CheckFailure overridden = CellCheck.of(PlantedMistakes.StrayDetachLstm::new).gates("a", "b", "c", "d").run()
                .failure();
        assertEquals(List.of("c"), overridden.attribution().gates().get("weight_hh_l0"));
        CheckFailure byContract = CellCheck.of(BrokenCells.DetachedCandidateLstm::new).run().failure();
        assertEquals(List.of("g"), byContract.attribution().gates().get("weight_ih_l0"),
                "the contract's gates(\"i\", \"f\", \"g\", \"o\") is the declaration");
    }

    @Test
    void aWrongDeclarationIsAConfigurationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CellCheck.of(PlantedMistakes.StepCountingRnn::new).gates("r", "z").run());
        assertTrue(e.getMessage().contains("CellCheck.gates([r, z])") && e.getMessage().contains("no parameter"),
                e.getMessage());
        assertFalse(CellCheck.of(PlantedMistakes.StepCountingRnn::new).gates("h").sequenceSplit(false).cases(2).run()
                .properties().isEmpty(), "an explicit .gates(...) of the right height replaces the declaration");
    }
}
