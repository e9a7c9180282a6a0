package io.github.tapegrad.examples.cli;

import io.github.tapegrad.examples.UserInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Checks, before a run allocates anything, that every tensor it will make can exist (Java arrays are int-indexed:
 * at most 2^31 − 1 elements) and that its estimated memory fits the JVM's heap. A failure is a one-line user error
 * that names the option to blame: of the options above their defaults, the one whose return to its default helps
 * most (shrinks the offending tensor, or the estimate, the most).
 *
 * <p>Sizes are doubles: products of int options cannot overflow them, and they are exact below 2^53.
 */
public final class SizeCheck {

    /** The most elements one tensor can hold: its storage is one Java array. */
    public static final double MAX_ELEMENTS = Integer.MAX_VALUE;

    /**
     * A value that scales the run.
     *
     * @param name     how messages name it: an option ({@code --hidden}) or a checkpoint's setting
     * @param baseline the value blame is measured against (an option's default)
     * @param isOption true when the user can lower it with an option; else only -Xmx helps
     */
    public record Knob(String name, long value, long baseline, boolean isOption) {
        public static Knob option(String name, long value, long baseline) {
            return new Knob(name, value, baseline, true);
        }
    }

    /** A tensor the run will allocate, named as the model names it. */
    public record TensorSize(String name, double... dims) {
        public TensorSize {
            dims = dims.clone();
        }

        public double elements() {
            double n = 1;
            for (double d : dims) {
                n *= d;
            }
            return n;
        }

        public String shape() {
            List<String> parts = new ArrayList<>();
            for (double d : dims) {
                parts.add(String.format(Locale.ROOT, "%.0f", d));
            }
            return "[" + String.join(", ", parts) + "]";
        }
    }

    /** One share of the memory estimate, e.g. ("weights", 14.4e9). */
    public record Part(String label, double bytes) {
    }

    /** What a run allocates: the tensors to check against the element limit and the memory by share. */
    public record Footprint(List<TensorSize> tensors, List<Part> parts) {
        public Footprint {
            tensors = List.copyOf(tensors);
            parts = List.copyOf(parts);
        }

        public double bytes() {
            return parts.stream().mapToDouble(Part::bytes).sum();
        }

        double elementsOf(String tensor) {
            return tensors.stream().filter(t -> t.name().equals(tensor)).mapToDouble(TensorSize::elements)
                    .findFirst().orElse(0);
        }
    }

    private final List<Knob> knobs;
    private final Function<long[], Footprint> model;

    /** @param model the footprint at given knob values, in the order of {@code knobs} */
    public SizeCheck(List<Knob> knobs, Function<long[], Footprint> model) {
        this.knobs = List.copyOf(knobs);
        this.model = model;
    }

    /** Checks against this JVM's maximum heap. */
    public void check() {
        check(Runtime.getRuntime().maxMemory());
    }

    /** @param heapBytes the heap to fit; {@link Long#MAX_VALUE} (no limit) skips the memory estimate */
    public void check(long heapBytes) {
        Footprint footprint = model.apply(values());
        for (TensorSize tensor : footprint.tensors()) {
            if (tensor.elements() > MAX_ELEMENTS) {
                Knob culprit = blame(f -> f.elementsOf(tensor.name()));
                throw new UserInputException(String.format(Locale.ROOT,
                        "%s: %s would be %s = %,.0f elements, more than the %,d (2^31-1) a tensor can hold%s",
                        lead(culprit), tensor.name(), tensor.shape(), tensor.elements(), Integer.MAX_VALUE,
                        culprit != null && culprit.isOption() ? "; lower " + culprit.name() : ""));
            }
        }
        if (heapBytes != Long.MAX_VALUE && footprint.bytes() > heapBytes) {
            Knob culprit = blame(Footprint::bytes);
            String shares = footprint.parts().stream().filter(p -> p.bytes() > 0)
                    .map(p -> p.label() + " " + Bytes.human(p.bytes())).collect(Collectors.joining(", "));
            throw new UserInputException(lead(culprit) + ": the run needs about " + Bytes.human(footprint.bytes())
                    + " (" + shares + ") but the JVM's heap is at most " + Bytes.human(heapBytes) + "; "
                    + (culprit != null && culprit.isOption() ? "lower " + culprit.name() + " or " : "") + "raise -Xmx");
        }
    }

    private long[] values() {
        long[] values = new long[knobs.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = knobs.get(i).value();
        }
        return values;
    }

    /** The knob above its baseline whose return to the baseline lowers {@code metric} the most, or null. */
    private Knob blame(ToDoubleFunction<Footprint> metric) {
        Knob best = null;
        double bestMetric = Double.POSITIVE_INFINITY;
        long[] values = values();
        for (int i = 0; i < values.length; i++) {
            Knob knob = knobs.get(i);
            if (knob.value() <= knob.baseline()) {
                continue;
            }
            long[] reset = values.clone();
            reset[i] = knob.baseline();
            double m = metric.applyAsDouble(model.apply(reset));
            if (m < bestMetric) {
                bestMetric = m;
                best = knob;
            }
        }
        return best;
    }

    /** "--hidden 30000", or every knob when none is above its baseline. */
    private String lead(Knob culprit) {
        if (culprit != null) {
            return culprit.name() + " " + culprit.value();
        }
        return knobs.stream().map(k -> k.name() + " " + k.value()).collect(Collectors.joining(", "));
    }
}
