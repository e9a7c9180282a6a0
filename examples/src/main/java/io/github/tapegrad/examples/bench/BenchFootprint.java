package io.github.tapegrad.examples.bench;

import io.github.tapegrad.examples.cli.CellProfile;
import io.github.tapegrad.examples.cli.RecurrentFootprint;
import io.github.tapegrad.examples.cli.SizeCheck;
import io.github.tapegrad.examples.cli.SizeCheck.Footprint;
import io.github.tapegrad.examples.cli.SizeCheck.Knob;
import io.github.tapegrad.examples.cli.SizeCheck.Part;
import io.github.tapegrad.examples.cli.SizeCheck.TensorSize;

import java.util.ArrayList;
import java.util.List;

/** What a benchmark run allocates, for the up-front {@link SizeCheck}: every implementation's cell, data, copies. */
final class BenchFootprint {
    private BenchFootprint() {
    }

    /** The hand-fused yardstick's activations: its gates and their gradients, c, h and tanh c (11 H per step). */
    static final int FUSED_KEPT_PER_STEP = 11;

    /**
     * Refuses sizes whose tensors cannot exist or whose implementations (each of the {@code held} cells with its own
     * weights, gradients and a step's activations), the generated data (held as doubles) and the agreement check's
     * copies cannot fit the heap, naming the option to lower. With {@code oneAtATime} the implementations' steps never
     * overlap and only the largest step's activations count (table mode); else all of them do.
     */
    static SizeCheck sizeCheck(BenchSize size, List<CellProfile> held, boolean oneAtATime) {
        BenchConfig c = size.config();
        boolean a = c.trains();
        return new SizeCheck(List.of(
                Knob.option("--batch", size.batch(), c.batch),
                Knob.option("--steps", size.steps(), c.steps),
                Knob.option(a ? "--vocab" : "--input", size.input(), c.input),
                Knob.option("--hidden", size.hidden(), c.hidden)),
                v -> footprint(a, size.dtype().bytes(), v[0], v[1], v[2], v[3], held, oneAtATime));
    }

    /**
     * Each implementation holds what a training step of its cell holds (see {@link CellProfile}); the yardstick its
     * gates and their gradients, c, h and tanh c ({@value #FUSED_KEPT_PER_STEP} H). Tensors are named by the first
     * implementation's prefix, {@code lstm}, or the cell's label.
     */
    static Footprint footprint(boolean configA, int bytes, double batch, double steps, double input, double hidden,
                               List<CellProfile> held, boolean oneAtATime) {
        double outputs = configA ? input : 0;
        List<TensorSize> tensors = new ArrayList<>();
        double[] shares = new double[3];
        double parameters = 0;
        for (CellProfile profile : held) {
            String prefix = tensors.isEmpty() || profile.name().equals("lstm") ? "lstm" : profile.name();
            RecurrentFootprint f = new RecurrentFootprint(prefix, "head", profile, input, hidden, 1, outputs, bytes);
            tensors.addAll(f.tensors(batch, steps));
            List<Part> parts = f.training(batch, steps, 0).parts();
            for (int i = 0; i < shares.length; i++) {
                double b = parts.get(i).bytes();
                shares[i] = i == 2 && oneAtATime ? Math.max(shares[i], b) : shares[i] + b;
            }
            parameters = Math.max(parameters, f.parameters());
        }
        List<Part> template = new RecurrentFootprint("lstm", "head", held.get(0), input, hidden, 1, outputs, bytes)
                .training(batch, steps, 0).parts();
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < shares.length; i++) {
            parts.add(new Part(template.get(i).label() + " (" + held.size() + " implementations"
                    + (i == 2 && oneAtATime ? ", one at a time" : "") + ")", shares[i]));
        }
        double data = steps * batch * input * Double.BYTES;
        parts.add(new Part("data and the agreement check's copies",
                data + held.size() * (parameters * Double.BYTES + data)));
        return new Footprint(tensors, parts);
    }
}
