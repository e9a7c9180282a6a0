package io.github.tapegrad.nn.check;

import java.util.function.Function;

/**
 * One property of a {@link CheckCase}. A cell that throws fails it, with the exception as detail; a
 * misconfigured check ({@link MisconfiguredCheck}) is thrown on, never blamed on the cell.
 */
interface CaseProperty {
    String name();

    Outcome checkOrThrow(CheckCase c);

    default Outcome check(CheckCase c) {
        try {
            return checkOrThrow(c);
        } catch (MisconfiguredCheck e) {
            throw e;
        } catch (RuntimeException e) {
            return new Outcome(false, "threw " + e, null, null, Double.POSITIVE_INFINITY);
        }
    }

    static CaseProperty of(String name, Function<CheckCase, Outcome> body) {
        return new CaseProperty() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Outcome checkOrThrow(CheckCase c) {
                return body.apply(c);
            }
        };
    }

    /** A property's verdict on one case: what failed (a tensor comparison, a forward mismatch) and the largest error. */
    record Outcome(boolean passed, String detail, GradientDiff diff, ReferenceMismatch mismatch, double error) {
        static Outcome of(GradientDiff diff) {
            return new Outcome(diff.agrees(), diff.toString(), diff, null, diff.maxRelativeError());
        }

        static Outcome pass(String why) {
            return new Outcome(true, why, null, null, 0);
        }
    }
}
