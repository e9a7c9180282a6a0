package io.github.tapegrad.nn.reference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parameters of every layer of a stacked recurrent network, checked against its {@link RecurrentSpec}. */
public final class ReferenceParams {

    /** PyTorch's per-layer parameter names, in the order PyTorch lists them. */
    static final List<String> NAME_STEMS = List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh");

    private final RecurrentSpec spec;
    private final List<LayerParams> layers;

    private ReferenceParams(RecurrentSpec spec, List<LayerParams> layers) {
        this.spec = spec;
        this.layers = List.copyOf(layers);
    }

    /** Parameters from one {@link LayerParams} per layer; throws if any shape does not fit {@code spec}. */
    public static ReferenceParams of(RecurrentSpec spec, List<LayerParams> layers) {
        if (layers.size() != spec.layers()) {
            throw new IllegalArgumentException("ReferenceParams.of: " + spec + " needs " + spec.layers()
                    + " layers of parameters, got " + layers.size());
        }
        for (int l = 0; l < layers.size(); l++) {
            layers.get(l).checkShapes(spec, l);
        }
        return new ReferenceParams(spec, layers);
    }

    /** Parameters from PyTorch names ({@code weight_ih_l0}, ...); every name must be present, no others. */
    public static ReferenceParams fromNamed(RecurrentSpec spec, Map<String, double[]> named) {
        List<String> expected = names(spec);
        if (!named.keySet().equals(new HashSet<>(expected))) {
            throw new IllegalArgumentException("ReferenceParams.fromNamed: " + spec + " expects names " + expected
                    + ", got " + named.keySet());
        }
        List<LayerParams> layers = new ArrayList<>();
        for (int l = 0; l < spec.layers(); l++) {
            layers.add(new LayerParams(named.get("weight_ih_l" + l), named.get("weight_hh_l" + l),
                    named.get("bias_ih_l" + l), named.get("bias_hh_l" + l)));
        }
        return of(spec, layers);
    }

    /** Uniform parameters in {@code [-scale, scale)} drawn from {@code random}, layer by layer. */
    public static ReferenceParams random(RecurrentSpec spec, SeededUniform random, double scale) {
        List<LayerParams> layers = new ArrayList<>();
        int rows = spec.gateRows();
        for (int l = 0; l < spec.layers(); l++) {
            layers.add(new LayerParams(
                    random.array(rows * spec.layerInputSize(l), scale),
                    random.array(rows * spec.hiddenSize(), scale),
                    random.array(rows, scale),
                    random.array(rows, scale)));
        }
        return new ReferenceParams(spec, layers);
    }

    /** PyTorch's parameter names for {@code spec}, layer by layer: weight_ih_l0, weight_hh_l0, bias_ih_l0, ... */
    public static List<String> names(RecurrentSpec spec) {
        List<String> names = new ArrayList<>();
        for (int l = 0; l < spec.layers(); l++) {
            for (String stem : NAME_STEMS) {
                names.add(stem + "_l" + l);
            }
        }
        return Collections.unmodifiableList(names);
    }

    public RecurrentSpec spec() {
        return spec;
    }

    public LayerParams layer(int layer) {
        spec.checkLayer(layer);
        return layers.get(layer);
    }

    /** Copies of every parameter keyed by PyTorch name, in PyTorch's order. */
    public Map<String, double[]> named() {
        Map<String, double[]> named = new LinkedHashMap<>();
        for (int l = 0; l < layers.size(); l++) {
            named.putAll(layerNamed(l, layers.get(l)));
        }
        return named;
    }

    static Map<String, double[]> layerNamed(int layer, LayerParams p) {
        Map<String, double[]> named = new LinkedHashMap<>();
        named.put("weight_ih_l" + layer, p.wIh());
        named.put("weight_hh_l" + layer, p.wHh());
        named.put("bias_ih_l" + layer, p.bIh());
        named.put("bias_hh_l" + layer, p.bHh());
        return named;
    }
}
