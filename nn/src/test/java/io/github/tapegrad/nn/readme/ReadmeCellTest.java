package io.github.tapegrad.nn.readme;

import static io.github.tapegrad.nn.check.Ref.affine;
import static io.github.tapegrad.nn.check.Ref.row;
import static io.github.tapegrad.nn.check.Ref.sigmoid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.check.CellCheck;
import io.github.tapegrad.nn.check.CellCheckReport;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

/** The README's cell and its check, as printed there. */
class ReadmeCellTest {

    @Test void cifg() {
        CellCheck.of((in, h, rng) -> new Cifg(CellConfig.of(in, h).dtype(DType.FLOAT64).rng(rng)))
            .reference((p, x, s) -> {                          // the paper's equations again, per element
                int n = p.hiddenSize();
                double[][] wi = p.matrix("weight_ih"), wh = p.matrix("weight_hh");
                double[] bi = p.vector("bias_ih"), bh = p.vector("bias_hh");
                double[] ci = p.vector("weight_ci"), co = p.vector("weight_co"), h = new double[n], c = new double[n];
                for (int u = 0; u < n; u++) {
                    double[] z = new double[3];                 // i, g, o
                    for (int g = 0; g < 3; g++) {
                        z[g] = affine(wi, bi, row(g, u, n), x) + affine(wh, bh, row(g, u, n), s[0]);
                    }
                    double i = sigmoid(z[0] + ci[u] * s[1][u]);
                    c[u] = (1 - i) * s[1][u] + i * Math.tanh(z[1]);
                    h[u] = sigmoid(z[2] + co[u] * c[u]) * Math.tanh(c[u]);
                }
                return new double[][] {h, c};
            })
            .check();
    }

    /** The README prints this class and this test's check line for line (indentation aside). */
    @Test
    void theReadmeShowsThisCode() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md")).replaceAll("\\s+", " ");
        String cell = Files.readString(Path.of("src/test/java/io/github/tapegrad/nn/readme/Cifg.java"));
        String body = cell.substring(cell.indexOf("public final class Cifg")).replaceAll("\\s+", " ").trim();
        assertTrue(readme.contains(body), "README's Cifg differs from nn/src/test/.../readme/Cifg.java");
        String test = Files.readString(Path.of("src/test/java/io/github/tapegrad/nn/readme/ReadmeCellTest.java"));
        String check = test.substring(test.indexOf("@Test void cifg()"), test.indexOf(".check();") + 9)
                .replaceAll("\\s+", " ");
        assertTrue(readme.contains(check), "README's check differs from ReadmeCellTest.cifg");
        CellCheckReport r = CellCheck.of((in, h, rng) -> new Cifg(CellConfig.of(in, h).dtype(DType.FLOAT64).rng(rng)))
                .cases(2).run();
        assertEquals(CellCheck.DEFAULT_SEED, r.seed());
    }
}
