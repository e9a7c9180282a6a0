package io.github.tapegrad.nn.checkpoint;

import io.github.tapegrad.autograd.DType;

import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.Shape;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Module;
import io.github.tapegrad.nn.Parameter;
import io.github.tapegrad.nn.optim.Optimizer;
import io.github.tapegrad.nn.optim.OptimizerState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A module (and optionally its optimizer) saved to and restored from one safetensors file.
 *
 * <p>Layout: the module's parameters under their exact state-dict names ({@code rnn.weight_ih_l0}, as torch
 * names them, so the file opens in PyTorch); the optimizer's state tensors under {@code optimizer.<key>}
 * ({@code optimizer.rnn.weight_ih_l0.exp_avg}); the optimizer's scalars (learning rate, step counts) and its
 * class name as {@code optimizer.<key>} entries of {@code __metadata__}, beside the caller's metadata.
 * Doubles are written with {@link Double#toString}, which reads back to the same bits.
 *
 * <p>Loading validates everything first (tensor names, dtypes, shapes, optimizer kind and scalars) and copies
 * only when all of it matches, so a refused load leaves the module and the optimizer exactly as they were.
 */
public final class Checkpoint {
    /** Prefix of optimizer tensors and metadata entries. */
    public static final String OPTIMIZER_PREFIX = "optimizer.";
    /** Metadata key holding the optimizer's class name, e.g. {@code SGD}. */
    public static final String OPTIMIZER_KIND_KEY = OPTIMIZER_PREFIX + "kind";

    private Checkpoint() {
    }

    /**
     * Writes the module's parameters, the optimizer's state (when {@code optimizer} is not null) and
     * {@code metadata} atomically to {@code file}.
     *
     * @throws IllegalArgumentException if a parameter name or a metadata key starts with {@code optimizer.}, or a
     *     metadata key is one of the checksum's ({@code tapegrad.checksum}, {@code tapegrad.crc32c}); nothing is
     *     written then
     * @throws CheckpointIOException if the file cannot be written (disk full, no such directory, ...); the previous
     *     file is then intact and no temporary file is left
     */
    public static void save(Path file, Module module, Optimizer optimizer, Map<String, String> metadata)
            throws IOException {
        Objects.requireNonNull(file, "file");
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        module.namedParameters().forEach((name, value) -> {
            if (name.startsWith(OPTIMIZER_PREFIX)) {
                throw new IllegalArgumentException("Checkpoint.save " + file + ": parameter name '" + name
                        + "' starts with the reserved prefix '" + OPTIMIZER_PREFIX + "'");
            }
            tensors.put(name, toData(value));
        });
        Map<String, String> meta = new LinkedHashMap<>();
        metadata.forEach((key, value) -> {
            if (key.startsWith(OPTIMIZER_PREFIX)) {
                throw new IllegalArgumentException("Checkpoint.save " + file + ": metadata key '" + key
                        + "' starts with the reserved prefix '" + OPTIMIZER_PREFIX + "'");
            }
            meta.put(key, value);
        });
        if (optimizer != null) {
            OptimizerState state = optimizer.state();
            meta.put(OPTIMIZER_KIND_KEY, optimizer.getClass().getSimpleName());
            state.tensors().forEach((key, value) -> tensors.put(OPTIMIZER_PREFIX + key, toData(value)));
            state.scalars().forEach((key, value) -> meta.put(OPTIMIZER_PREFIX + key, Double.toString(value)));
        }
        SafeTensors.write(file, new SafeTensorsFile(tensors, meta));
    }

    /** The module's parameters and {@code metadata}, no optimizer state. */
    public static void saveWeights(Path file, Module module, Map<String, String> metadata) throws IOException {
        save(file, module, null, metadata);
    }

    /**
     * What {@link #loadChecked} returns.
     *
     * @param metadata the caller's metadata (without the {@code optimizer.} entries)
     * @param checksumVerified whether the file carried tapegrad's checksum (which then matched); false for files
     *     from other writers or from tapegrad before it wrote checksums
     */
    public record Loaded(Map<String, String> metadata, boolean checksumVerified) {
        public Loaded {
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    /**
     * Restores the module's parameters and, when {@code optimizer} is not null, its state; returns the caller's
     * metadata (without the {@code optimizer.} entries). Optimizer state in the file is ignored when
     * {@code optimizer} is null.
     *
     * @throws CheckpointException naming the file (and tensor) when the file is malformed or fails its checksum, a
     *     parameter is missing, unexpected or has another dtype or shape, or the optimizer state does not fit
     *     {@code optimizer}; nothing has been changed then
     * @throws CheckpointIOException if the file cannot be read; nothing has been changed then
     */
    public static Map<String, String> load(Path file, Module module, Optimizer optimizer) throws IOException {
        return new LinkedHashMap<>(loadChecked(file, module, optimizer).metadata());
    }

    /** Like {@link #load}, and says whether the file's checksum was verified. */
    public static Loaded loadChecked(Path file, Module module, Optimizer optimizer) throws IOException {
        CheckedFile checked = SafeTensors.readChecked(file);
        SafeTensorsFile content = checked.content();
        String source = file.toString();
        Map<String, Tensor> parameters = module.namedParameters();
        Map<String, TensorData> weights = new LinkedHashMap<>();
        Map<String, TensorData> optimizerTensors = new LinkedHashMap<>();
        content.tensors().forEach((name, data) ->
                (name.startsWith(OPTIMIZER_PREFIX) ? optimizerTensors : weights).put(name, data));
        Map<String, TensorSpec> expected = new LinkedHashMap<>();
        parameters.forEach((name, value) -> expected.put(name, specOf(value)));
        SafeTensors.requireMatches(new SafeTensorsFile(weights, Map.of()), expected, source);
        OptimizerState state = optimizer == null ? null : optimizerState(content, optimizerTensors, optimizer, source);

        // Everything matched: only now change anything.
        try (Grad.Scope off = Grad.off()) {
            parameters.forEach((name, target) -> target.copy_(toTensor(weights.get(name))));
        }
        if (state != null) {
            optimizer.loadState(state);
        }
        return new Loaded(callerMetadata(content), checked.checksumVerified());
    }

    /** Restores the module's parameters only (optimizer state in the file is ignored); returns the metadata. */
    public static Map<String, String> loadWeights(Path file, Module module) throws IOException {
        return load(file, module, null);
    }

    /** The caller's metadata of a checkpoint (the whole file is read and validated), without loading anything. */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        return callerMetadata(SafeTensors.read(file));
    }

    private static Map<String, String> callerMetadata(SafeTensorsFile content) {
        Map<String, String> metadata = new LinkedHashMap<>();
        content.metadata().forEach((key, value) -> {
            if (!key.startsWith(OPTIMIZER_PREFIX)) {
                metadata.put(key, value);
            }
        });
        return metadata;
    }

    /** Builds (and fully checks) the state to hand to {@code optimizer}, or throws naming what does not fit. */
    private static OptimizerState optimizerState(SafeTensorsFile content, Map<String, TensorData> tensors,
                                                 Optimizer optimizer, String source) throws CheckpointException {
        String kind = content.metadata().get(OPTIMIZER_KIND_KEY);
        String wanted = optimizer.getClass().getSimpleName();
        if (kind == null) {
            throw new CheckpointException(source, "holds no optimizer state (metadata '" + OPTIMIZER_KIND_KEY
                    + "' is missing), but a " + wanted + " state was asked for");
        }
        if (!kind.equals(wanted)) {
            throw new CheckpointException(source, "holds " + kind + " optimizer state, not " + wanted);
        }
        Map<String, Tensor> byName = new LinkedHashMap<>();
        for (Parameter p : optimizer.params()) {
            byName.put(p.name(), p.tensor());
        }
        Map<String, Tensor> stateTensors = new LinkedHashMap<>();
        for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
            String key = e.getKey().substring(OPTIMIZER_PREFIX.length());
            Tensor owner = owner(byName, key);
            if (owner == null) {
                throw new CheckpointException(source, e.getKey(), "names no parameter of the " + wanted
                        + " (parameters " + byName.keySet() + ")");
            }
            TensorSpec spec = specOf(owner);
            if (!e.getValue().spec().equals(spec)) {
                throw new CheckpointException(source, e.getKey(), "is " + e.getValue().spec() + " but its parameter is "
                        + spec);
            }
            stateTensors.put(key, toTensor(e.getValue()));
        }
        Map<String, Double> scalars = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : content.metadata().entrySet()) {
            if (!e.getKey().startsWith(OPTIMIZER_PREFIX) || e.getKey().equals(OPTIMIZER_KIND_KEY)) {
                continue;
            }
            String key = e.getKey().substring(OPTIMIZER_PREFIX.length());
            double value;
            try {
                value = Double.parseDouble(e.getValue());
            } catch (NumberFormatException notANumber) {
                throw new CheckpointException(source, "metadata '" + e.getKey() + "' = '" + e.getValue()
                        + "' is not a number");
            }
            boolean valid = key.equals("lr") ? value >= 0 && Double.isFinite(value) : owner(byName, key) != null;
            if (!valid) {
                throw new CheckpointException(source, "metadata '" + e.getKey() + "' = '" + e.getValue()
                        + "' is not a valid " + wanted + " setting");
            }
            scalars.put(key, value);
        }
        return new OptimizerState(stateTensors, scalars);
    }

    /** The parameter a state key {@code <parameter>.<buffer>} belongs to, or null. */
    private static Tensor owner(Map<String, Tensor> byName, String key) {
        int dot = key.lastIndexOf('.');
        return dot < 0 ? null : byName.get(key.substring(0, dot));
    }

    private static TensorSpec specOf(Tensor t) {
        return new TensorSpec(t.dtype(), t.shape().toArray());
    }


    private static TensorData toData(Tensor t) {
        int[] shape = t.shape().toArray();
        return switch (t.dtype()) {
            case FLOAT32 -> TensorData.ofF32(shape, t.toFloatArray());
            case FLOAT64 -> TensorData.ofF64(shape, t.toDoubleArray());
        };
    }

    private static Tensor toTensor(TensorData data) {
        return switch (data.dtype()) {
            case FLOAT32 -> Tensor.of(data.f32View(), Shape.of(data.shape()));
            case FLOAT64 -> Tensor.of(data.f64View(), Shape.of(data.shape()));
        };
    }
}
