package io.github.tapegrad.autograd;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.quicktheories.QuickTheory.qt;

/**
 * For every row of {@link OpTable} whose shapes or parameters can be wrong: generated invalid calls throw
 * IllegalArgumentException whose message starts with the op's name and names every operand's shape (and
 * the bad parameter). Rows with several inputs reject mixed dtypes naming both.
 */
class OpShapeErrorPropertiesTest {
    private static final int TRIES = 30;

    @TestFactory
    Stream<DynamicTest> invalidShapesAreRejectedNamingTheOpAndEveryShape() {
        return OpTable.ALL.stream().filter(s -> s.misuse() != null).map(spec -> dynamicTest(spec.name(), () ->
                qt().withExamples(TRIES).forAll(OpCase.cases(5)).checkAssert(c -> {
                    OpSpec.BadCall bad = spec.misuse().make(c);
                    List<Tensor> xs = OpSpec.fill(bad.shapes(), List.of(), c.seed());
                    Function<List<Tensor>, Tensor> call = bad.call() == null ? spec.fn() : bad.call();
                    List<String> mentions = new ArrayList<>(bad.mentions());
                    for (Shape s : bad.shapes()) mentions.add(s.toString());
                    assertRejected(spec, xs, call, mentions);
                })));
    }

    @TestFactory
    Stream<DynamicTest> mixedDTypesAreRejectedNamingBothDTypes() {
        return OpTable.ALL.stream().filter(OpShapeErrorPropertiesTest::everyInputIsUsedAsValues)
                .map(spec -> dynamicTest(spec.name(), () ->
                        qt().withExamples(10).forAll(OpCase.cases(4)).checkAssert(c -> {
                            List<Tensor> xs = new ArrayList<>(spec.inputs(c));
                            int odd = c.knob(5) % xs.size();
                            xs.set(odd, xs.get(odd).toFloat());
                            assertRejected(spec, xs, spec.fn(), List.of("float32", "float64"));
                        })));
    }

    /** Rows with two or more inputs whose values (not only shapes) the op reads. */
    private static boolean everyInputIsUsedAsValues(OpSpec spec) {
        return spec.arity() >= 2 && spec.domains().stream().allMatch(Domain::carriesValues);
    }

    private static void assertRejected(OpSpec spec, List<Tensor> xs, Function<List<Tensor>, Tensor> call,
                                       List<String> mentions) {
        String shapes = OpTable.shapesOf(xs);
        Tensor y;
        try {
            y = call.apply(xs);
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            if (!m.startsWith(spec.errorName())) {
                throw new AssertionError(spec.name() + " on " + shapes + ": message does not start with '"
                        + spec.errorName() + "': " + m);
            }
            for (String s : mentions) {
                if (!m.contains(s)) {
                    throw new AssertionError(spec.name() + " on " + shapes + ": message does not mention " + s + ": " + m);
                }
            }
            return;
        } catch (RuntimeException e) {
            throw new AssertionError(spec.name() + " on " + shapes + " threw " + e + " instead of IllegalArgumentException", e);
        }
        throw new AssertionError(spec.name() + " accepted " + shapes + " giving " + y.shape());
    }
}
