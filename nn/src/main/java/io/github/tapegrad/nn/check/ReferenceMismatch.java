package io.github.tapegrad.nn.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a cell's forward values first leave its {@link CellReference}: the earliest time step, then the
 * lowest layer, at which any compared tensor differs, and there the first differing entry of each tensor
 * that differs. Tensors are the state tensors by position ({@code h}, {@code c}, {@code state2}, ...) and
 * {@code outputs} (the last layer's h as {@code Recurrent} returns it). A wrong equation for c' shows as
 * c and h at the step it runs first; a wrong h' alone as h (and outputs) only.
 *
 * @param step the earliest time step t with a difference
 * @param layer the lowest layer differing at {@code step}
 * @param first one entry per differing tensor at (step, layer), in state order, outputs last
 * @param mismatches entries outside tolerance over every step, layer, state tensor and the outputs
 * @param entries entries compared
 */
public record ReferenceMismatch(int step, int layer, List<Entry> first, int mismatches, int entries) {

    /** One differing entry: {@code tensor[batch][unit]} is {@code actual}, the reference says {@code expected}. */
    public record Entry(String tensor, int batch, int unit, double expected, double actual) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s[b=%d, unit %d] = %.17g, reference %.17g", tensor, batch, unit, actual,
                    expected);
        }
    }

    public ReferenceMismatch {
        first = List.copyOf(first);
    }

    /** The tensors differing at (step, layer), e.g. {@code [h, c]}. */
    public List<String> tensors() {
        List<String> out = new ArrayList<>();
        first.forEach(e -> out.add(e.tensor()));
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "forward differs from the reference first at t=%d, layer %d, in %s (%d of %d entries differ over every"
                        + " step, layer and state)", step, layer, String.join(", ", tensors()), mismatches, entries));
        for (Entry e : first) {
            sb.append(System.lineSeparator()).append("  ").append(e);
        }
        return sb.toString();
    }
}
