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

/** Every named cell passes CellCheck's gradient, batch and second-order properties over seeded cases. */
class ZooGradientTest {
    static List<String> names() {
        return Cells.names();
    }

    @ParameterizedTest
    @MethodSource("names")
    void passesCellCheck(String name) {
        var factory = Cells.factory(name);
        CellCheckReport report = CellCheck.of((in, h, rng) -> factory.create(CellConfig.of(in, h).dtype(DType.FLOAT64)
                .rng(rng))).seed(0x200L).cases(8).maxSteps(3).check();
        assertEquals(8, report.cases().size());
        System.out.println(name + ": " + report.toString().lines().findFirst().orElse(""));
    }
}
