package io.github.tapegrad.nn.optim;

import io.github.tapegrad.autograd.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimizer's state as named values: per-parameter buffers keyed {@code <parameter>.<buffer>}
 * ({@code weight_ih_l0.exp_avg}), per-parameter step counts ({@code weight_ih_l0.step}) and the
 * learning rate ({@code lr}). Tensors are copies, so later steps do not change a saved state.
 */
public record OptimizerState(Map<String, Tensor> tensors, Map<String, Double> scalars) {
    public OptimizerState {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        scalars = Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
    }
}
