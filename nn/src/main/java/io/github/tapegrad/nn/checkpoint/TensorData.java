package io.github.tapegrad.nn.checkpoint;

import io.github.tapegrad.autograd.DType;

import java.util.Arrays;
import java.util.Objects;

/**
 * One stored tensor: an element type, a shape, and the values in row-major order.
 * Exactly one of {@code f32} / {@code f64} is non-null, matching {@code dtype}.
 *
 * <p>Arrays are copied on the way in and on the way out. Equality compares raw bit patterns, so
 * two values are equal exactly when they would be written as the same bytes (NaN payloads and
 * the sign of zero matter).
 *
 * @param dtype the element type
 * @param shape the dimensions; the product must equal the number of values
 * @param f32 the values when {@code dtype == F32}, else {@code null}
 * @param f64 the values when {@code dtype == F64}, else {@code null}
 */
public record TensorData(DType dtype, int[] shape, float[] f32, double[] f64) {

    public TensorData {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        shape = shape.clone();
        int expected = Shapes.checkedElementCount("TensorData", shape);
        int actual;
        switch (dtype) {
            case FLOAT32 -> {
                if (f32 == null || f64 != null) {
                    throw new IllegalArgumentException(
                            "TensorData: dtype F32 needs the f32 array and no f64 array (f32 "
                                    + (f32 == null ? "null" : "given") + ", f64 " + (f64 == null ? "null" : "given") + ")");
                }
                f32 = f32.clone();
                actual = f32.length;
            }
            case FLOAT64 -> {
                if (f64 == null || f32 != null) {
                    throw new IllegalArgumentException(
                            "TensorData: dtype F64 needs the f64 array and no f32 array (f64 "
                                    + (f64 == null ? "null" : "given") + ", f32 " + (f32 == null ? "null" : "given") + ")");
                }
                f64 = f64.clone();
                actual = f64.length;
            }
            default -> throw new AssertionError(dtype);
        }
        if (actual != expected) {
            throw new IllegalArgumentException("TensorData: shape " + Arrays.toString(shape) + " has " + expected
                    + " elements but " + actual + " " + dtype.safetensorsName() + " values were given");
        }
    }

    /** An F32 tensor of the given shape holding a copy of {@code values}. */
    public static TensorData ofF32(int[] shape, float[] values) {
        return new TensorData(DType.FLOAT32, shape, values, null);
    }

    /** An F64 tensor of the given shape holding a copy of {@code values}. */
    public static TensorData ofF64(int[] shape, double[] values) {
        return new TensorData(DType.FLOAT64, shape, null, values);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** A copy of the F32 values, or {@code null} for an F64 tensor. */
    @Override
    public float[] f32() {
        return f32 == null ? null : f32.clone();
    }

    /** A copy of the F64 values, or {@code null} for an F32 tensor. */
    @Override
    public double[] f64() {
        return f64 == null ? null : f64.clone();
    }

    /** Number of elements (the product of the shape). */
    public int elementCount() {
        return f32 != null ? f32.length : f64.length;
    }

    /** Size of this tensor in the data section. */
    public long byteLength() {
        return (long) elementCount() * dtype.bytes();
    }

    /** The dtype and shape, for comparing against what a loader expects. */
    public TensorSpec spec() {
        return new TensorSpec(dtype, shape);
    }

    /** The F32 values without copying, for the encoder; callers must not modify them. */
    float[] f32View() {
        return f32;
    }

    /** The F64 values without copying, for the encoder; callers must not modify them. */
    double[] f64View() {
        return f64;
    }

    /** Raw bits of one element, for bitwise equality. */
    long rawBits(int index) {
        return f32 != null ? Float.floatToRawIntBits(f32[index]) & 0xFFFF_FFFFL : Double.doubleToRawLongBits(f64[index]);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TensorData other) || dtype != other.dtype || !Arrays.equals(shape, other.shape)) {
            return false;
        }
        int n = elementCount();
        for (int i = 0; i < n; i++) {
            if (rawBits(i) != other.rawBits(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 31 * dtype.hashCode() + Arrays.hashCode(shape);
        int n = elementCount();
        for (int i = 0; i < n; i++) {
            h = 31 * h + Long.hashCode(rawBits(i));
        }
        return h;
    }

    @Override
    public String toString() {
        int n = elementCount();
        String values = f32 != null
                ? Arrays.toString(n <= 8 ? f32 : Arrays.copyOf(f32, 8))
                : Arrays.toString(n <= 8 ? f64 : Arrays.copyOf(f64, 8));
        if (n > 8) {
            values = values.substring(0, values.length() - 1) + ", ...]";
        }
        return "TensorData[" + dtype.safetensorsName() + Arrays.toString(shape) + " " + values + "]";
    }
}
