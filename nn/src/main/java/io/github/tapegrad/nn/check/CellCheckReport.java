package io.github.tapegrad.nn.check;

import java.util.List;
import java.util.Locale;

/**
 * What a {@link CellCheck} did: the cell, the run's seed, the cases tried, the properties checked on each,
 * the largest relative errors seen (first order against finite differences, second order), and the
 * failure, if any, with the case it shrank to and how to replay it.
 *
 * @param maxFirstOrderError largest relative error of autograd against central differences (see
 *     {@link TensorDiff#maxRelativeError()}) over the cases checked
 * @param maxSecondOrderError GradCheck's largest |analytical - numerical| in the second-order checks
 */
public record CellCheckReport(String cell, long seed, List<CheckCase> cases, List<String> properties,
                              double maxFirstOrderError, double maxSecondOrderError, CheckFailure failure) {

    public CellCheckReport {
        cases = List.copyOf(cases);
        properties = List.copyOf(properties);
    }

    public boolean passed() {
        return failure == null;
    }

    /** Returns this report when it passed, else throws {@link CellCheckError}. */
    public CellCheckReport orThrow() {
        if (!passed()) {
            throw new CellCheckError(this);
        }
        return this;
    }

    @Override
    public String toString() {
        String nl = System.lineSeparator();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "CellCheck of %s %s: %d cases, seed 0x%xL; properties %s;"
                        + " max relative error first order %.3g, second order %.3g",
                cell, passed() ? "passed" : "FAILED", cases.size(), seed, properties, maxFirstOrderError,
                maxSecondOrderError));
        if (failure != null) {
            sb.append(nl).append("  property: ").append(failure.property())
                    .append(nl).append("  found at: ").append(failure.found())
                    .append(nl).append("  shrunk in ").append(failure.shrinkSteps()).append(" steps to: ")
                    .append(failure.shrunk());
            sb.append(nl).append("  ").append(failure.detail().replace(nl, nl + "  "))
                    .append(nl).append("  replay the run: .seed(").append(String.format(Locale.ROOT, "0x%xL", seed))
                    .append("); the shrunk case alone: .replay(").append(failure.shrunk().toJava()).append(')');
        }
        return sb.toString();
    }
}
