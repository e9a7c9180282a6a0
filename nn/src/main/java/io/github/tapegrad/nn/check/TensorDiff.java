package io.github.tapegrad.nn.check;

import io.github.tapegrad.autograd.Shape;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How one named tensor (a parameter's gradient, an input's gradient, or a forward value) differs from
 * its expected value.
 *
 * @param name the tensor's name ({@code weight_ih_l0}, {@code x}, {@code h0_l0}, {@code outputs}, ...)
 * @param shape its shape
 * @param entries number of entries compared
 * @param mismatches entries outside the tolerance
 * @param worstIndex flat index of the entry furthest outside (or, when none is, closest to) the tolerance
 * @param actual that entry's actual value
 * @param expected that entry's expected value
 * @param maxRelativeError largest {@code |a - e| / max(|a|, |e|, floor)} over the entries
 * @param gates gate blocks holding a mismatch, in block order (empty when not packed or no mismatch)
 * @param earliestStep smallest index along the first dimension holding a mismatch (for {@code x [T, B, I]},
 *     the first time step whose input gradient diverges), or -1
 */
public record TensorDiff(String name, Shape shape, int entries, int mismatches, int worstIndex, double actual,
                         double expected, double maxRelativeError, List<String> gates, int earliestStep) {

    public TensorDiff {
        gates = List.copyOf(gates);
    }

    public boolean agrees() {
        return mismatches == 0;
    }

    /** The worst entry's multi-index, e.g. {@code [2, 0, 1]}. */
    public int[] worstPosition() {
        int[] strides = shape.strides();
        int[] position = new int[shape.rank()];
        int rest = worstIndex;
        for (int k = 0; k < position.length; k++) {
            position[k] = strides[k] == 0 ? 0 : rest / strides[k];
            rest -= position[k] * strides[k];
        }
        return position;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %s: %d of %d entries differ%s; worst %s%s: %.17g vs expected %.17g"
                        + " (max relative error %.3g)%s",
                name, shape, mismatches, entries, gates.isEmpty() ? "" : ", gate blocks " + gates,
                name, Arrays.toString(worstPosition()), actual, expected, maxRelativeError,
                earliestStep < 0 ? "" : ", first at index " + earliestStep + " of dimension 0");
    }
}
