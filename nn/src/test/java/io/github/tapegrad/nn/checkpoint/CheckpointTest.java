package io.github.tapegrad.nn.checkpoint;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.LSTM;
import io.github.tapegrad.nn.Linear;
import io.github.tapegrad.nn.Loss;
import io.github.tapegrad.nn.Module;
import io.github.tapegrad.nn.optim.Adam;
import io.github.tapegrad.nn.optim.Optimizer;
import io.github.tapegrad.nn.optim.SGD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saving and loading a module with its optimizer through one safetensors file. */
class CheckpointTest {

    @TempDir
    Path dir;

    /** An LSTM with a linear head on the last step, registered as torch would name it. */
    static final class Model extends Module {
        final LSTM rnn;
        final Linear head;

        Model(DType dtype, int hidden, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            rnn = registerModule("rnn", new LSTM(3, hidden, dtype, rng));
            head = registerModule("head", new Linear(hidden, 2, true, dtype, rng));
        }

        Tensor loss(Tensor x, Tensor y) {
            return Loss.mse(head.forward(rnn.forward(x).finalState().h()), y);
        }
    }

    private static Tensor input(DType dtype) {
        Tensor x = Tensor.uniform(new SplittableRandom(7), -1, 1, DType.FLOAT64, 4, 2, 3);
        return dtype == DType.FLOAT64 ? x : x.toFloat();
    }

    private static Tensor target(DType dtype) {
        Tensor y = Tensor.uniform(new SplittableRandom(8), -1, 1, DType.FLOAT64, 2, 2);
        return dtype == DType.FLOAT64 ? y : y.toFloat();
    }

    private static void trainSteps(Model model, Optimizer optimizer, int steps) {
        for (int i = 0; i < steps; i++) {
            optimizer.zeroGrad();
            model.loss(input(model.head.weight().dtype()), target(model.head.weight().dtype())).backward();
            optimizer.step();
        }
    }

    private static Map<String, double[]> values(Module module) {
        Map<String, double[]> out = new LinkedHashMap<>();
        module.namedParameters().forEach((k, v) -> out.put(k, v.toDoubleArray()));
        return out;
    }

    private static void assertSameValues(Map<String, double[]> expected, Map<String, double[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), 0.0, k));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void weightsAndMetadataRoundTripExactly(DType dtype) throws IOException {
        Model saved = new Model(dtype, 5, 1);
        Path file = dir.resolve("w.safetensors");
        Checkpoint.saveWeights(file, saved, Map.of("epoch", "3", "vocab", " etaino"));

        Model loaded = new Model(dtype, 5, 2);
        assertNotEquals(values(saved).get("head.bias")[0], values(loaded).get("head.bias")[0]);
        Map<String, String> metadata = Checkpoint.loadWeights(file, loaded);

        assertSameValues(values(saved), values(loaded));
        assertEquals(Map.of("epoch", "3", "vocab", " etaino"), metadata);
        assertEquals(metadata, Checkpoint.readMetadata(file));
        SafeTensorsFile raw = SafeTensors.read(file);
        assertTrue(raw.tensors().containsKey("rnn.weight_ih_l0"), "torch state-dict names: " + raw.tensors().keySet());
        assertEquals(dtype == DType.FLOAT32 ? DType.FLOAT32
                : DType.FLOAT64, raw.tensors().get("head.weight").dtype());
    }

    @Test
    void optimizerStateIsStoredUnderItsPrefix() throws IOException {
        Model model = new Model(DType.FLOAT32, 4, 1);
        Adam adam = new Adam(model, 0.01);
        trainSteps(model, adam, 2);
        Path file = dir.resolve("full.safetensors");
        Checkpoint.save(file, model, adam, Map.of("epoch", "2"));

        SafeTensorsFile raw = SafeTensors.read(file);
        assertTrue(raw.tensors().containsKey("optimizer.rnn.weight_hh_l0.exp_avg_sq"), raw.tensors().keySet().toString());
        assertEquals("Adam", raw.metadata().get("optimizer.kind"));
        assertEquals("0.01", raw.metadata().get("optimizer.lr"));
        assertEquals("2.0", raw.metadata().get("optimizer.head.bias.step"));
        assertEquals(Map.of("epoch", "2"), Checkpoint.readMetadata(file), "optimizer entries are not user metadata");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void restoredOptimizerGivesIdenticalNextSteps(DType dtype) throws IOException {
        Model original = new Model(dtype, 4, 1);
        Adam adam = new Adam(original, 0.01);
        trainSteps(original, adam, 3);
        Path file = dir.resolve("resume.safetensors");
        Checkpoint.save(file, original, adam, Map.of());

        Model resumed = new Model(dtype, 4, 99);
        Adam resumedAdam = new Adam(resumed, 0.5);
        Checkpoint.load(file, resumed, resumedAdam);
        assertEquals(0.01, resumedAdam.lr());

        trainSteps(original, adam, 3);
        trainSteps(resumed, resumedAdam, 3);
        assertSameValues(values(original), values(resumed));
    }

    @Test
    void withoutTheOptimizerStateTheNextStepsDiffer() throws IOException {
        // the control for the test above: Adam's moments matter, so a weights-only resume is visibly different
        Model original = new Model(DType.FLOAT64, 4, 1);
        Adam adam = new Adam(original, 0.01);
        trainSteps(original, adam, 3);
        Path file = dir.resolve("weights.safetensors");
        Checkpoint.saveWeights(file, original, Map.of());
        Model fresh = new Model(DType.FLOAT64, 4, 99);
        Adam freshAdam = new Adam(fresh, 0.01);
        Checkpoint.loadWeights(file, fresh);
        trainSteps(original, adam, 1);
        trainSteps(fresh, freshAdam, 1);
        assertNotEquals(values(original).get("head.bias")[0], values(fresh).get("head.bias")[0]);
    }

    @Test
    void refusedShapeLeavesModuleAndOptimizerUnchanged() throws IOException {
        Model other = new Model(DType.FLOAT32, 6, 1);
        Path file = dir.resolve("h6.safetensors");
        SGD otherSgd = new SGD(other.namedParameters(), 0.3, 0.9, 0, false, 0);
        trainSteps(other, otherSgd, 1);
        Checkpoint.save(file, other, otherSgd, Map.of());

        Model model = new Model(DType.FLOAT32, 5, 2);
        SGD sgd = new SGD(model.namedParameters(), 0.1, 0.9, 0, false, 0);
        trainSteps(model, sgd, 1);
        Map<String, double[]> before = values(model);
        var stateBefore = sgd.state();

        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(file, model, sgd));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("rnn.weight_hh_l0"),
                e.getMessage());
        assertSameValues(before, values(model));
        assertEquals(0.1, sgd.lr());
        assertEquals(stateBefore.tensors().keySet(), sgd.state().tensors().keySet());
        stateBefore.tensors().forEach((k, v) ->
                assertArrayEquals(v.toDoubleArray(), sgd.state().tensors().get(k).toDoubleArray(), 0.0, k));
    }

    @Test
    void refusesDtypeMismatchMissingAndUnexpectedTensors() throws IOException {
        Path f64 = dir.resolve("f64.safetensors");
        Checkpoint.saveWeights(f64, new Model(DType.FLOAT64, 5, 1), Map.of());
        Model model = new Model(DType.FLOAT32, 5, 2);
        Map<String, double[]> before = values(model);
        String dtypeMessage = assertThrows(CheckpointException.class, () -> Checkpoint.loadWeights(f64, model))
                .getMessage();
        assertTrue(dtypeMessage.contains("F64") && dtypeMessage.contains("head.weight"), dtypeMessage);

        Path extra = dir.resolve("extra.safetensors");
        Map<String, TensorData> tensors = new LinkedHashMap<>(SafeTensors.read(f64).tensors());
        tensors.replaceAll((k, v) -> TensorData.ofF32(v.shape(), new float[v.elementCount()]));
        tensors.remove("head.bias");
        tensors.put("head.scale", TensorData.ofF32(new int[] {2}, new float[2]));
        SafeTensors.write(extra, SafeTensorsFile.ofTensors(tensors));
        String message = assertThrows(CheckpointException.class, () -> Checkpoint.loadWeights(extra, model))
                .getMessage();
        assertTrue(message.contains("missing tensors [head.bias]") && message.contains("unexpected tensors [head.scale]"),
                message);
        assertSameValues(before, values(model));
    }

    @Test
    void refusesOptimizerStateOfAnotherKindOrForAnotherParameter() throws IOException {
        Model model = new Model(DType.FLOAT32, 4, 1);
        Adam adam = new Adam(model, 0.01);
        trainSteps(model, adam, 1);
        Path adamFile = dir.resolve("adam.safetensors");
        Checkpoint.save(adamFile, model, adam, Map.of());
        Path weightsOnly = dir.resolve("weights.safetensors");
        Checkpoint.saveWeights(weightsOnly, model, Map.of());

        Model target = new Model(DType.FLOAT32, 4, 2);
        Map<String, double[]> before = values(target);
        SGD sgd = new SGD(target, 0.1);
        assertTrue(assertThrows(CheckpointException.class, () -> Checkpoint.load(adamFile, target, sgd))
                .getMessage().contains("holds Adam optimizer state, not SGD"));
        assertTrue(assertThrows(CheckpointException.class, () -> Checkpoint.load(weightsOnly, target, sgd))
                .getMessage().contains("holds no optimizer state"));

        // an optimizer over the head only: state for the LSTM's parameters has no owner
        Map<String, Tensor> head = new LinkedHashMap<>();
        head.put("head.weight", target.head.weight());
        head.put("head.bias", target.head.bias());
        Adam headOnly = new Adam(head, 0.01);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(adamFile, target, headOnly));
        assertTrue(e.tensorName().orElse("").startsWith("optimizer.rnn."), e.getMessage());
        assertSameValues(before, values(target));

        // without an optimizer the weights load and the optimizer tensors are ignored
        Checkpoint.loadWeights(adamFile, target);
        assertSameValues(values(model), values(target));
    }

    @Test
    void corruptFileIsRefusedWithItsName() throws IOException {
        Path file = dir.resolve("corrupt.safetensors");
        Checkpoint.saveWeights(file, new Model(DType.FLOAT32, 3, 1), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        Model model = new Model(DType.FLOAT32, 3, 2);
        Map<String, double[]> before = values(model);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.loadWeights(file, model));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertSameValues(before, values(model));
    }

    @Test
    void loadSaysWhetherTheChecksumWasVerified() throws IOException {
        Model saved = new Model(DType.FLOAT32, 3, 1);
        Path file = dir.resolve("sum.safetensors");
        Checkpoint.saveWeights(file, saved, Map.of("epoch", "1"));
        Model model = new Model(DType.FLOAT32, 3, 2);
        assertEquals(new Checkpoint.Loaded(Map.of("epoch", "1"), true), Checkpoint.loadChecked(file, model, null));
        assertSameValues(values(saved), values(model));

        // The same tensors as a writer without checksums (PyTorch, older tapegrad) lays them out.
        Path old = dir.resolve("old.safetensors");
        Files.write(old, new SafeTensorsEncoder(SafeTensors.read(file)).toBytes());
        Model fromOld = new Model(DType.FLOAT32, 3, 3);
        assertEquals(new Checkpoint.Loaded(Map.of("epoch", "1"), false), Checkpoint.loadChecked(old, fromOld, null));
        assertSameValues(values(saved), values(fromOld));
    }

    @Test
    void aFlippedWeightIsRefusedAndNothingChanges() throws IOException {
        Path file = dir.resolve("flipped.safetensors");
        Checkpoint.saveWeights(file, new Model(DType.FLOAT64, 3, 1), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 3] ^= 0x10; // in the last weight's mantissa: still a valid double
        Files.write(file, bytes);
        Model model = new Model(DType.FLOAT64, 3, 2);
        Map<String, double[]> before = values(model);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.loadWeights(file, model));
        assertTrue(e.getMessage().matches(java.util.regex.Pattern.quote("checkpoint " + file
                + ": file is corrupt: checksum mismatch (crc32c stored ") + "[0-9a-f]{8}, computed [0-9a-f]{8}\\)"),
                e.getMessage());
        assertSameValues(before, values(model));
    }

    @Test
    void fileSystemFailuresNameTheFileAndTheCause() throws IOException {
        Model model = new Model(DType.FLOAT32, 3, 1);
        Path missing = dir.resolve("missing.safetensors");
        assertEquals("cannot read checkpoint " + missing + ": No such file or directory",
                assertThrows(CheckpointIOException.class, () -> Checkpoint.loadWeights(missing, model)).getMessage());
        assertEquals("cannot read checkpoint " + dir + ": Is a directory",
                assertThrows(CheckpointIOException.class, () -> Checkpoint.readMetadata(dir)).getMessage());
        Path underAFile = Files.writeString(dir.resolve("notes.txt"), "x").resolve("w.safetensors");
        CheckpointIOException e = assertThrows(CheckpointIOException.class,
                () -> Checkpoint.save(underAFile, model, new SGD(model, 0.1), Map.of()));
        assertEquals("cannot write checkpoint " + underAFile + ": Not a directory", e.getMessage());
        assertEquals(underAFile, e.file());
    }

    @Test
    void reservedPrefixIsRefusedOnSave() {
        Model model = new Model(DType.FLOAT32, 3, 1);
        assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.saveWeights(dir.resolve("x.safetensors"), model, Map.of("optimizer.lr", "1")));
        assertTrue(Files.notExists(dir.resolve("x.safetensors")));
    }
}
