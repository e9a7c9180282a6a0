package io.github.tapegrad.nn.checkpoint;

import io.github.tapegrad.autograd.DType;

import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.Shape;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Module;
import io.github.tapegrad.nn.Parameter;
import io.github.tapegrad.nn.optim.Optimizer;
import io.github.tapegrad.nn.optim.OptimizerState;
import io.github.tapegrad.nn.optim.Scheduler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A module (and optionally its optimizer and learning-rate scheduler) saved to and restored from one safetensors
 * file, so that a run resumed from it continues bit for bit as if it had not stopped.
 *
 * <p>Layout: the module's parameters under their exact state-dict names ({@code rnn.weight_ih_l0}, as torch
 * names them, so the file opens in PyTorch); the optimizer's state tensors under {@code optimizer.<key>}
 * ({@code optimizer.rnn.weight_ih_l0.exp_avg}); the optimizer's scalars (learning rate, step counts) and its
 * class name as {@code optimizer.<key>} entries of {@code __metadata__}, beside the caller's metadata. A
 * scheduler, when saved, is metadata only: {@code scheduler.kind} (torch's class name, {@code StepLR}),
 * {@code scheduler.config.<name>} for each setting fixed at construction ({@code scheduler.config.base_lr},
 * {@code scheduler.config.step_size}, ...) and {@code scheduler.state.<name>} for what changes as it steps
 * ({@code scheduler.state.last_epoch}); see {@link Scheduler}. Doubles are written with {@link Double#toString},
 * which reads back to the same bits. All of it, scheduler entries included, is covered by the file's checksum
 * ({@link SafeTensors}) and written atomically.
 *
 * <p>Loading validates everything first (tensor names, dtypes, shapes, optimizer kind and scalars, scheduler kind,
 * config and state) and copies only when all of it matches, so a refused load leaves the module, the optimizer and
 * the scheduler exactly as they were.
 *
 * <p>Files written before schedulers were saved have no {@code scheduler.kind}; they load as before, and any
 * {@code scheduler.*} entries a caller put in their metadata then stay the caller's metadata. In a file that has
 * {@code scheduler.kind}, every {@code scheduler.*} entry is the scheduler's.
 */
public final class Checkpoint {
    /** Prefix of optimizer tensors and metadata entries. */
    public static final String OPTIMIZER_PREFIX = "optimizer.";
    /** Metadata key holding the optimizer's class name, e.g. {@code SGD}. */
    public static final String OPTIMIZER_KIND_KEY = OPTIMIZER_PREFIX + "kind";
    /** Prefix of the scheduler's metadata entries (the scheduler has no tensors). */
    public static final String SCHEDULER_PREFIX = "scheduler.";
    /** Metadata key holding the scheduler's kind ({@link Scheduler#kind()}, e.g. {@code StepLR}). */
    public static final String SCHEDULER_KIND_KEY = SCHEDULER_PREFIX + "kind";
    /** Prefix of the entries holding the scheduler's {@link Scheduler#config()}. */
    public static final String SCHEDULER_CONFIG_PREFIX = SCHEDULER_PREFIX + "config.";
    /** Prefix of the entries holding the scheduler's {@link Scheduler#state()}. */
    public static final String SCHEDULER_STATE_PREFIX = SCHEDULER_PREFIX + "state.";

    private Checkpoint() {
    }

    /**
     * Writes the module's parameters, the optimizer's state (when {@code optimizer} is not null) and
     * {@code metadata} atomically to {@code file}; no scheduler state.
     *
     * @throws IllegalArgumentException if a parameter name starts with {@code optimizer.}, a metadata key starts
     *     with {@code optimizer.} or {@code scheduler.}, or a metadata key is one of the checksum's
     *     ({@code tapegrad.checksum}, {@code tapegrad.crc32c}); nothing is written then
     * @throws CheckpointIOException if the file cannot be written (disk full, no such directory, ...); the previous
     *     file is then intact and no temporary file is left
     */
    public static void save(Path file, Module module, Optimizer optimizer, Map<String, String> metadata)
            throws IOException {
        save(file, module, optimizer, null, metadata);
    }

    /**
     * Writes the module's parameters, the optimizer's state (when {@code optimizer} is not null), the scheduler's
     * kind, config and state (when {@code scheduler} is not null) and {@code metadata} atomically to {@code file},
     * as torch users save {@code scheduler.state_dict()} beside the optimizer's.
     *
     * @param scheduler null, or a scheduler of {@code optimizer} (its learning rate lives in the optimizer's state,
     *     so the one is not saved without the other)
     * @throws IllegalArgumentException as {@link #save(Path, Module, Optimizer, Map)}, and if {@code scheduler} is
     *     given without {@code optimizer} or sets another optimizer's learning rate; nothing is written then
     * @throws CheckpointIOException if the file cannot be written; the previous file is then intact
     */
    public static void save(Path file, Module module, Optimizer optimizer, Scheduler scheduler,
                            Map<String, String> metadata) throws IOException {
        Objects.requireNonNull(file, "file");
        requireSchedulerOf(optimizer, scheduler, "Checkpoint.save " + file);
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
            for (String reserved : List.of(OPTIMIZER_PREFIX, SCHEDULER_PREFIX)) {
                if (key.startsWith(reserved)) {
                    throw new IllegalArgumentException("Checkpoint.save " + file + ": metadata key '" + key
                            + "' starts with the reserved prefix '" + reserved + "'");
                }
            }
            meta.put(key, value);
        });
        if (optimizer != null) {
            OptimizerState state = optimizer.state();
            meta.put(OPTIMIZER_KIND_KEY, optimizer.getClass().getSimpleName());
            state.tensors().forEach((key, value) -> tensors.put(OPTIMIZER_PREFIX + key, toData(value)));
            state.scalars().forEach((key, value) -> meta.put(OPTIMIZER_PREFIX + key, Double.toString(value)));
        }
        if (scheduler != null) {
            meta.put(SCHEDULER_KIND_KEY, scheduler.kind());
            scheduler.config().forEach((key, value) -> meta.put(SCHEDULER_CONFIG_PREFIX + key, Double.toString(value)));
            scheduler.state().forEach((key, value) -> meta.put(SCHEDULER_STATE_PREFIX + key, Double.toString(value)));
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
     * @param metadata the caller's metadata (without the {@code optimizer.} and {@code scheduler.} entries)
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
     * metadata (without the {@code optimizer.} and {@code scheduler.} entries). Optimizer state in the file is
     * ignored when {@code optimizer} is null, scheduler state always: to resume a scheduler, pass it to
     * {@link #load(Path, Module, Optimizer, Scheduler)}.
     *
     * @throws CheckpointException naming the file (and tensor) when the file is malformed or fails its checksum, a
     *     parameter is missing, unexpected or has another dtype or shape, or the optimizer state does not fit
     *     {@code optimizer}; nothing has been changed then
     * @throws CheckpointIOException if the file cannot be read; nothing has been changed then
     */
    public static Map<String, String> load(Path file, Module module, Optimizer optimizer) throws IOException {
        return load(file, module, optimizer, null);
    }

    /**
     * Restores the module's parameters, the optimizer's state and, when {@code scheduler} is not null, the
     * scheduler's state, as torch's {@code scheduler.load_state_dict} after the optimizer's; returns the caller's
     * metadata. The scheduler must be built as the saved one was: the same {@link Scheduler#kind() kind} and
     * {@link Scheduler#config() config}, which includes the learning rate its optimizer had when the scheduler was
     * built ({@code base_lr}). The scheduler's state is loaded before the optimizer's, so the learning rate the run
     * continues with is the one saved in the optimizer's state (the schedule's own at that epoch unless it was set by
     * hand after the scheduler's last step).
     *
     * <p>torch's {@code load_state_dict} instead overwrites the scheduler's attributes with the saved ones, so a
     * StepLR built with {@code step_size=5} silently becomes one with the file's 3, and any dict loads into any
     * scheduler class. Here the scheduler you built is the schedule the run follows; a file of another kind or config
     * is refused naming what differs (rebuild the scheduler with the file's settings, or resume without the
     * scheduler to start a new schedule). As in torch, a file's scheduler state may be left unused: {@link
     * #load(Path, Module, Optimizer)} ignores it, as when fine-tuning from a checkpoint with a new schedule.
     *
     * @param scheduler null (scheduler state in the file is then ignored), or a scheduler of {@code optimizer}
     * @throws IllegalArgumentException if {@code scheduler} is given without {@code optimizer} or sets another
     *     optimizer's learning rate; the file is not read then
     * @throws CheckpointException as {@link #load(Path, Module, Optimizer)}, and naming what does not fit when the
     *     file holds no scheduler state, another kind or config, or a state the scheduler cannot continue from
     *     ({@link Scheduler#checkState}); nothing has been changed then
     * @throws CheckpointIOException if the file cannot be read; nothing has been changed then
     */
    public static Map<String, String> load(Path file, Module module, Optimizer optimizer, Scheduler scheduler)
            throws IOException {
        return new LinkedHashMap<>(loadChecked(file, module, optimizer, scheduler).metadata());
    }

    /** Like {@link #load(Path, Module, Optimizer)}, and says whether the file's checksum was verified. */
    public static Loaded loadChecked(Path file, Module module, Optimizer optimizer) throws IOException {
        return loadChecked(file, module, optimizer, null);
    }

    /** Like {@link #load(Path, Module, Optimizer, Scheduler)}, and says whether the file's checksum was verified. */
    public static Loaded loadChecked(Path file, Module module, Optimizer optimizer, Scheduler scheduler)
            throws IOException {
        Objects.requireNonNull(file, "file");
        requireSchedulerOf(optimizer, scheduler, "Checkpoint.load " + file);
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
        Map<String, Double> schedulerState = scheduler == null ? null : schedulerState(content, scheduler, source);

        // Everything matched: only now change anything.
        try (Grad.Scope off = Grad.off()) {
            parameters.forEach((name, target) -> target.copy_(toTensor(weights.get(name))));
        }
        if (schedulerState != null) {
            scheduler.loadState(schedulerState); // before the optimizer's, whose saved learning rate then stands
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
        boolean hasScheduler = content.metadata().containsKey(SCHEDULER_KIND_KEY);
        Map<String, String> metadata = new LinkedHashMap<>();
        content.metadata().forEach((key, value) -> {
            if (!key.startsWith(OPTIMIZER_PREFIX) && !(hasScheduler && key.startsWith(SCHEDULER_PREFIX))) {
                metadata.put(key, value);
            }
        });
        return metadata;
    }

    private static void requireSchedulerOf(Optimizer optimizer, Scheduler scheduler, String operation) {
        if (scheduler == null) {
            return;
        }
        if (optimizer == null) {
            throw new IllegalArgumentException(operation + ": a " + scheduler.kind() + " was given without its "
                    + "optimizer (the learning rate it set is part of the optimizer's state)");
        }
        if (scheduler.optimizer() != optimizer) {
            throw new IllegalArgumentException(operation + ": the " + scheduler.kind() + " sets the learning rate of "
                    + "another optimizer than the " + optimizer.getClass().getSimpleName() + " given");
        }
    }

    /**
     * The scheduler's state in the file, checked to be of {@code scheduler}'s kind and config and one it can continue
     * from, or throws naming what does not fit.
     */
    private static Map<String, Double> schedulerState(SafeTensorsFile content, Scheduler scheduler, String source)
            throws CheckpointException {
        Map<String, String> metadata = content.metadata();
        String kind = metadata.get(SCHEDULER_KIND_KEY);
        String wanted = scheduler.kind();
        if (kind == null) {
            throw new CheckpointException(source, "holds no scheduler state (metadata '" + SCHEDULER_KIND_KEY
                    + "' is missing), but a " + wanted + " state was asked for");
        }
        if (!kind.equals(wanted)) {
            throw new CheckpointException(source, "holds " + kind + " scheduler state, not " + wanted);
        }
        Map<String, Double> config = new LinkedHashMap<>();
        Map<String, Double> state = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(SCHEDULER_PREFIX) || key.equals(SCHEDULER_KIND_KEY)) {
                continue;
            }
            if (key.startsWith(SCHEDULER_CONFIG_PREFIX)) {
                config.put(key.substring(SCHEDULER_CONFIG_PREFIX.length()), number(e, source));
            } else if (key.startsWith(SCHEDULER_STATE_PREFIX)) {
                state.put(key.substring(SCHEDULER_STATE_PREFIX.length()), number(e, source));
            } else {
                throw new CheckpointException(source, "metadata '" + key + "' is not a scheduler entry (tapegrad writes "
                        + SCHEDULER_KIND_KEY + ", " + SCHEDULER_CONFIG_PREFIX + "* and " + SCHEDULER_STATE_PREFIX + "*)");
            }
        }
        List<String> differences = new ArrayList<>();
        scheduler.config().forEach((name, value) -> {
            Double saved = config.get(name);
            if (saved == null) {
                differences.add(name + " is missing from the file (" + value + " in the scheduler given)");
            } else if (Double.compare(saved, value) != 0) {
                differences.add(name + " is " + saved + " in the file but " + value + " in the scheduler given");
            }
        });
        config.keySet().stream().filter(name -> !scheduler.config().containsKey(name)).sorted()
                .forEach(name -> differences.add(name + " is in the file but not a " + wanted + " setting"));
        if (!differences.isEmpty()) {
            throw new CheckpointException(source, "holds the state of a " + kind + " with another config: "
                    + String.join("; ", differences));
        }
        try {
            scheduler.checkState(state);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(source, "holds a " + kind + " state the scheduler cannot continue from "
                    + "(metadata '" + SCHEDULER_STATE_PREFIX + "*'): " + e.getMessage());
        }
        return state;
    }

    private static double number(Map.Entry<String, String> entry, String source) throws CheckpointException {
        try {
            return Double.parseDouble(entry.getValue());
        } catch (NumberFormatException notANumber) {
            throw new CheckpointException(source, "metadata '" + entry.getKey() + "' = '" + entry.getValue()
                    + "' is not a number");
        }
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
