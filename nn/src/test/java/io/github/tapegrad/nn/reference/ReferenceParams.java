package io.github.tapegrad.nn.reference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters of every cell (layer and direction) of a stacked recurrent network, checked against its
 * {@link RecurrentSpec}. Cells are ordered layer·D + direction, as PyTorch orders them: {@code l0},
 * {@code l0_reverse}, {@code l1}, ...
 */
public final class ReferenceParams {

    /** PyTorch's per-layer parameter names, in the order PyTorch lists them. */
    static final List<String> NAME_STEMS = List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh");

    private final RecurrentSpec spec;
    private final List<LayerParams> cells;

    private ReferenceParams(RecurrentSpec spec, List<LayerParams> cells) {
        this.spec = spec;
        this.cells = List.copyOf(cells);
    }

    /**
     * Parameters from one {@link LayerParams} per cell, layer·D + direction (one per layer when
     * unidirectional); throws if any shape does not fit {@code spec}.
     */
    public static ReferenceParams of(RecurrentSpec spec, List<LayerParams> cells) {
        if (cells.size() != spec.cellCount()) {
            throw new IllegalArgumentException("ReferenceParams.of: " + spec + " needs " + spec.cellCount()
                    + (spec.bidirectional() ? " cells (layers x 2 directions)" : " layers") + " of parameters, got "
                    + cells.size());
        }
        for (int k = 0; k < cells.size(); k++) {
            cells.get(k).checkShapes(spec, k / spec.directions(), k % spec.directions());
        }
        return new ReferenceParams(spec, cells);
    }

    /** Parameters from PyTorch names ({@code weight_ih_l0}, ...); every name must be present, no others. */
    public static ReferenceParams fromNamed(RecurrentSpec spec, Map<String, double[]> named) {
        List<String> expected = names(spec);
        if (!named.keySet().equals(new HashSet<>(expected))) {
            throw new IllegalArgumentException("ReferenceParams.fromNamed: " + spec + " expects names " + expected
                    + ", got " + named.keySet());
        }
        List<LayerParams> cells = new ArrayList<>();
        for (int l = 0; l < spec.layers(); l++) {
            for (int d = 0; d < spec.directions(); d++) {
                String suffix = suffix(l, d);
                cells.add(new LayerParams(named.get("weight_ih" + suffix), named.get("weight_hh" + suffix),
                        named.get("bias_ih" + suffix), named.get("bias_hh" + suffix)));
            }
        }
        return of(spec, cells);
    }

    /** Uniform parameters in {@code [-scale, scale)} drawn from {@code random}, cell by cell. */
    public static ReferenceParams random(RecurrentSpec spec, SeededUniform random, double scale) {
        List<LayerParams> cells = new ArrayList<>();
        int rows = spec.gateRows();
        for (int k = 0; k < spec.cellCount(); k++) {
            cells.add(new LayerParams(
                    random.array(rows * spec.layerInputSize(k / spec.directions()), scale),
                    random.array(rows * spec.hiddenSize(), scale),
                    random.array(rows, scale),
                    random.array(rows, scale)));
        }
        return new ReferenceParams(spec, cells);
    }

    /**
     * PyTorch's parameter names for {@code spec}, cell by cell: weight_ih_l0, weight_hh_l0, bias_ih_l0,
     * bias_hh_l0, then (bidirectional) weight_ih_l0_reverse, ..., then layer 1.
     */
    public static List<String> names(RecurrentSpec spec) {
        List<String> names = new ArrayList<>();
        for (int l = 0; l < spec.layers(); l++) {
            for (int d = 0; d < spec.directions(); d++) {
                for (String stem : NAME_STEMS) {
                    names.add(stem + suffix(l, d));
                }
            }
        }
        return Collections.unmodifiableList(names);
    }

    /** PyTorch's name suffix of a cell: {@code _l<layer>}, plus {@code _reverse} for direction 1. */
    static String suffix(int layer, int direction) {
        return "_l" + layer + (direction == 1 ? "_reverse" : "");
    }

    public RecurrentSpec spec() {
        return spec;
    }

    /** Layer {@code layer}'s parameters; a bidirectional network has two cells per layer, see {@link #cell}. */
    public LayerParams layer(int layer) {
        spec.checkLayer(layer);
        if (spec.bidirectional()) {
            throw new IllegalArgumentException("ReferenceParams.layer: " + spec + " has two cells per layer; use "
                    + "cell(layer, direction)");
        }
        return cells.get(layer);
    }

    /** The cell of layer {@code layer} and direction {@code direction} (0 forward, 1 reverse). */
    public LayerParams cell(int layer, int direction) {
        spec.checkLayer(layer);
        spec.checkDirection(direction);
        return cells.get(layer * spec.directions() + direction);
    }

    /** Copies of every parameter keyed by PyTorch name, in PyTorch's order. */
    public Map<String, double[]> named() {
        Map<String, double[]> named = new LinkedHashMap<>();
        for (int k = 0; k < cells.size(); k++) {
            named.putAll(layerNamed(suffix(k / spec.directions(), k % spec.directions()), cells.get(k)));
        }
        return named;
    }

    /** One cell's parameters keyed by PyTorch name, {@code suffix} as {@link #suffix} makes it. */
    static Map<String, double[]> layerNamed(String suffix, LayerParams p) {
        Map<String, double[]> named = new LinkedHashMap<>();
        named.put("weight_ih" + suffix, p.wIh());
        named.put("weight_hh" + suffix, p.wHh());
        named.put("bias_ih" + suffix, p.bIh());
        named.put("bias_hh" + suffix, p.bHh());
        return named;
    }
}
