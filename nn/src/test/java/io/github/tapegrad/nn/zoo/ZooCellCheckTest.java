package io.github.tapegrad.nn.zoo;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.Cells;
import io.github.tapegrad.nn.check.CellCheck;
import io.github.tapegrad.nn.check.CellCheckReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every named cell passes every CellCheck property over seeded cases: its forward against its paper's equations
 * ({@link Equations}), gradients against central differences, batch invariance, T = 0, a sequence split in
 * two, second order.
 */
class ZooCellCheckTest {
    static List<String> names() {
        return Cells.names();
    }

    @ParameterizedTest
    @MethodSource("names")
    void passesCellCheck(String name) {
        assertTrue(Equations.BY_NAME.containsKey(name), "a reference for " + name);
        var factory = Cells.factory(name);
        CellCheckReport report = CellCheck.of((in, h, rng) -> factory.create(CellConfig.of(in, h).dtype(DType.FLOAT64)
                .rng(rng))).reference(Equations.BY_NAME.get(name)).seed(0x200L).cases(8).maxSteps(3).check();
        assertEquals(8, report.cases().size());
        assertTrue(report.properties().contains(CellCheck.REFERENCE), report::toString);
        System.out.println(name + ": " + report.toString().lines().findFirst().orElse(""));
    }
}
