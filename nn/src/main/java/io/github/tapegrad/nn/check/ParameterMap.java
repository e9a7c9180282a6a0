package io.github.tapegrad.nn.check;

import io.github.tapegrad.autograd.Tensor;

import java.util.Map;

/**
 * For {@link CellCheck#reducesTo(CellMaker, ParameterMap)}: a variant cell's parameters mapped to the base
 * cell's that compute the same function, one layer at a time, by local names ({@code weight_ih}, not
 * {@code weight_ih_l0}). Write it with tensor ops: the check records it to carry the base's parameter
 * gradients back to the variant's by the chain rule. E.g. a coupled-gate LSTM (gates i, g, o; f = 1 − i)
 * is an LSTM whose forget-gate rows are minus its input-gate rows, as σ(−z) = 1 − σ(z):
 * <pre>{@code
 * variant -> {
 *     Map<String, Tensor> base = new LinkedHashMap<>();
 *     variant.forEach((name, t) -> {
 *         List<Tensor> igo = t.chunk(3, 0);
 *         base.put(name, Tensor.concat(List.of(igo.get(0), igo.get(0).neg(), igo.get(1), igo.get(2)), 0));
 *     });
 *     return base;
 * }
 * }</pre>
 */
@FunctionalInterface
public interface ParameterMap {
    /**
     * @param variant one layer of the variant's parameters by local name (read-only)
     * @return every parameter of the base cell's layer, by local name, shaped as the base's
     */
    Map<String, Tensor> apply(Map<String, Tensor> variant);
}
