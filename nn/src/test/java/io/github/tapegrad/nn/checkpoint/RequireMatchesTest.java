package io.github.tapegrad.nn.checkpoint;

import io.github.tapegrad.autograd.DType;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequireMatchesTest {
    private static final String SOURCE = "run/ckpt-100.safetensors";

    private static SafeTensorsFile loaded() {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put("rnn.w", TensorData.ofF32(new int[] {2, 3}, new float[6]));
        tensors.put("rnn.b", TensorData.ofF32(new int[] {3}, new float[3]));
        tensors.put("adam.m", TensorData.ofF64(new int[] {3}, new double[3]));
        return new SafeTensorsFile(tensors, Map.of("step", "100"));
    }

    @Test
    void exactMatchIsAccepted() {
        Map<String, TensorSpec> expected = Map.of(
                "rnn.w", TensorSpec.of(DType.FLOAT32, 2, 3),
                "rnn.b", TensorSpec.of(DType.FLOAT32, 3),
                "adam.m", TensorSpec.of(DType.FLOAT64, 3));
        assertDoesNotThrow(() -> SafeTensors.requireMatches(loaded(), expected, SOURCE));
    }

    @Test
    void everyDifferenceIsListedByName() {
        Map<String, TensorSpec> expected = Map.of(
                "rnn.w", TensorSpec.of(DType.FLOAT32, 3, 2),    // shape differs
                "rnn.b", TensorSpec.of(DType.FLOAT64, 3),       // dtype differs
                "out.w", TensorSpec.of(DType.FLOAT32, 4),       // missing
                "out.b", TensorSpec.of(DType.FLOAT32, 1));      // missing
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> SafeTensors.requireMatches(loaded(), expected, SOURCE));
        assertEquals("checkpoint " + SOURCE + ": does not match the expected tensors: "
                + "missing tensors [out.b, out.w]; unexpected tensors [adam.m]; "
                + "mismatched tensors: 'rnn.b' is F32[3] but expected F64[3], 'rnn.w' is F32[2, 3] but expected F32[3, 2]",
                e.getMessage());
    }

    @Test
    void onlyUnexpectedTensorsIsStillARefusal() {
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> SafeTensors.requireMatches(loaded(), Map.of("rnn.w", TensorSpec.of(DType.FLOAT32, 2, 3)), SOURCE));
        assertEquals("checkpoint " + SOURCE + ": does not match the expected tensors: unexpected tensors [adam.m, rnn.b]",
                e.getMessage());
    }
}
