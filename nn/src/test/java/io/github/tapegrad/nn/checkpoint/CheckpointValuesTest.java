package io.github.tapegrad.nn.checkpoint;

import io.github.tapegrad.autograd.DType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Validation, defensive copies and equality of TensorData, TensorSpec and SafeTensorsFile. */
class CheckpointValuesTest {

    @Test
    void tensorDataCopiesItsArraysInAndOut() {
        int[] shape = {2};
        float[] values = {1, 2};
        TensorData t = TensorData.ofF32(shape, values);
        shape[0] = 5;
        values[0] = 9;
        t.f32()[1] = 7;
        t.shape()[0] = 3;
        assertEquals(TensorData.ofF32(new int[] {2}, new float[] {1, 2}), t);
        assertNull(t.f64());
    }

    @Test
    void tensorDataRefusesInconsistentInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TensorData.ofF32(new int[] {2, 3}, new float[5]));
        assertEquals("TensorData: shape [2, 3] has 6 elements but 5 F32 values were given", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TensorData.ofF64(new int[] {-1}, new double[0]));
        assertThrows(IllegalArgumentException.class, () -> new TensorData(DType.FLOAT32, new int[] {1}, null, new double[1]));
        assertThrows(IllegalArgumentException.class,
                () -> new TensorData(DType.FLOAT64, new int[] {1}, new float[1], new double[1]));
        IllegalArgumentException overflow = assertThrows(IllegalArgumentException.class,
                () -> TensorData.ofF32(new int[] {65536, 65536}, new float[0]));
        assertTrue(overflow.getMessage().contains("[65536, 65536]"), overflow.getMessage());
    }

    @Test
    void tensorDataEqualityIsBitwise() {
        float otherNaN = Float.intBitsToFloat(0x7fc0_0001);
        assertNotEquals(TensorData.ofF32(new int[] {}, new float[] {Float.NaN}),
                TensorData.ofF32(new int[] {}, new float[] {otherNaN}));
        assertNotEquals(TensorData.ofF64(new int[] {1}, new double[] {0.0}),
                TensorData.ofF64(new int[] {1}, new double[] {-0.0}));
        assertEquals(TensorData.ofF32(new int[] {1}, new float[] {otherNaN}),
                TensorData.ofF32(new int[] {1}, new float[] {otherNaN}));
        assertEquals(TensorData.ofF32(new int[] {1}, new float[] {otherNaN}).hashCode(),
                TensorData.ofF32(new int[] {1}, new float[] {otherNaN}).hashCode());
        assertNotEquals(TensorData.ofF32(new int[] {2}, new float[2]), TensorData.ofF32(new int[] {1, 2}, new float[2]));
        assertNotEquals(TensorData.ofF32(new int[] {1}, new float[1]), TensorData.ofF64(new int[] {1}, new double[1]));
    }

    @Test
    void tensorSpecComparesShapeContents() {
        assertEquals(TensorSpec.of(DType.FLOAT32, 2, 3), new TensorSpec(DType.FLOAT32, new int[] {2, 3}));
        assertNotEquals(TensorSpec.of(DType.FLOAT32, 2, 3), TensorSpec.of(DType.FLOAT32, 3, 2));
        assertEquals("F64[4]", TensorSpec.of(DType.FLOAT64, 4).toString());
    }

    @Test
    void fileCopiesItsMapsAndRefusesBadNames() {
        Map<String, TensorData> tensors = new HashMap<>();
        tensors.put("a", TensorData.ofF32(new int[] {}, new float[] {1}));
        SafeTensorsFile f = SafeTensorsFile.ofTensors(tensors);
        tensors.put("b", TensorData.ofF32(new int[] {}, new float[] {2}));
        assertEquals(1, f.tensors().size());
        assertThrows(UnsupportedOperationException.class, () -> f.metadata().put("k", "v"));

        assertThrows(IllegalArgumentException.class, () -> SafeTensorsFile.ofTensors(
                Map.of("__metadata__", TensorData.ofF32(new int[] {}, new float[] {1}))));
        assertThrows(IllegalArgumentException.class, () -> new SafeTensorsFile(Map.of(), Map.of("k", "bad\uD800")));
        assertThrows(IllegalArgumentException.class, () -> SafeTensorsFile.ofTensors(
                Map.of("\uDC00x", TensorData.ofF32(new int[] {}, new float[] {1}))));
    }
}
