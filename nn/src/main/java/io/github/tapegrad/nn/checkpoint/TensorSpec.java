package io.github.tapegrad.nn.checkpoint;

import io.github.tapegrad.autograd.DType;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a loader expects one stored tensor to be: its element type and shape.
 *
 * @param dtype the element type
 * @param shape the dimensions (copied; the accessor returns a copy)
 */
public record TensorSpec(DType dtype, int[] shape) {

    public TensorSpec {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        shape = shape.clone();
        Shapes.checkedElementCount("TensorSpec", shape);
    }

    /** Convenience: {@code TensorSpec.of(DType.FLOAT32, 3, 4)}. */
    public static TensorSpec of(DType dtype, int... shape) {
        return new TensorSpec(dtype, shape);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec other && dtype == other.dtype && Arrays.equals(shape, other.shape);
    }

    @Override
    public int hashCode() {
        return 31 * dtype.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return dtype.safetensorsName() + Arrays.toString(shape);
    }
}
