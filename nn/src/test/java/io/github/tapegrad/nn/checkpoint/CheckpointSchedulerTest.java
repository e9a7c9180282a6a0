package io.github.tapegrad.nn.checkpoint;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Module;
import io.github.tapegrad.nn.checkpoint.CheckpointTest.Model;
import io.github.tapegrad.nn.optim.Adam;
import io.github.tapegrad.nn.optim.LRScheduler;
import io.github.tapegrad.nn.optim.Optimizer;
import io.github.tapegrad.nn.optim.OptimizerState;
import io.github.tapegrad.nn.optim.ReduceLROnPlateau;
import io.github.tapegrad.nn.optim.SGD;
import io.github.tapegrad.nn.optim.Scheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

/**
 * A scheduler's state in a checkpoint beside the module's and the optimizer's: a run resumed from the file continues
 * bit for bit as the uninterrupted one, and a file that does not fit the scheduler is refused, changing nothing.
 */
class CheckpointSchedulerTest {
    static final int STEPS = 12;
    static final int SAVE_AT = 5;
    static final double LR = 0.01;
    /** A validation metric with plateaus: with patience 1 and cooldown 1 it reduces after steps 3, 6 and 11. */
    static final double[] METRICS = {1.0, 1.0, 1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.8, 0.8, 0.8, 0.8};

    @TempDir
    Path dir;

    /** Every scheduler kind, built on an optimizer whose learning rate is {@link #LR}. */
    enum Kind {
        STEP(o -> LRScheduler.step(o, 3, 0.5)),
        EXPONENTIAL(o -> LRScheduler.exponential(o, 0.9)),
        COSINE(o -> LRScheduler.cosine(o, STEPS, 0.001)),
        LINEAR(o -> LRScheduler.linear(o, 0.25, 1.0, 8)),
        ONE_CYCLE(o -> LRScheduler.oneCycle(o, 0.05, STEPS, 0.3, 25, 1e4)),
        PLATEAU(o -> new ReduceLROnPlateau(o, 0.5, 1, 1e-4, 1, 0, 1e-8));

        final Function<Optimizer, Scheduler> make;

        Kind(Function<Optimizer, Scheduler> make) {
            this.make = make;
        }
    }

    /** A model, its Adam and its scheduler, stepped as a training loop steps them; records each step's rate. */
    static final class Run {
        final Model model;
        final Adam adam;
        final Scheduler scheduler;
        final double[] lrs = new double[STEPS + 1];
        int done;

        Run(Kind kind, DType dtype, long seed) {
            this(kind.make, dtype, seed);
        }

        Run(Function<Optimizer, Scheduler> make, DType dtype, long seed) {
            model = new Model(dtype, 4, seed);
            adam = new Adam(model, LR);
            scheduler = make.apply(adam);
            lrs[0] = adam.lr();
        }

        /** After loading a checkpoint of step {@code step}: continue counting from there. */
        Run resumedAt(int step) {
            done = step;
            lrs[step] = adam.lr();
            return this;
        }

        Run steps(int n) {
            for (int i = 0; i < n; i++) {
                adam.zeroGrad();
                DType dtype = model.head.weight().dtype();
                model.loss(data(7, dtype, 4, 2, 3), data(8, dtype, 2, 2)).backward();
                adam.step();
                if (scheduler instanceof LRScheduler s) {
                    s.step();
                } else {
                    ((ReduceLROnPlateau) scheduler).step(METRICS[done]);
                }
                done++;
                lrs[done] = adam.lr();
            }
            return this;
        }
    }

    static Tensor data(long seed, DType dtype, int... shape) {
        Tensor t = Tensor.uniform(new SplittableRandom(seed), -1, 1, DType.FLOAT64, shape);
        return dtype == DType.FLOAT64 ? t : t.toFloat();
    }

    /** Every parameter's value bits. */
    static Map<String, long[]> bits(Module module) {
        Map<String, long[]> out = new LinkedHashMap<>();
        module.namedParameters().forEach((k, v) -> out.put(k, bits(v)));
        return out;
    }

    static long[] bits(Tensor t) {
        return Arrays.stream(t.toDoubleArray()).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    static void assertSameBits(Map<String, long[]> expected, Map<String, long[]> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what);
        expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), what + ": " + k));
    }

    static void assertSameState(OptimizerState expected, OptimizerState actual, String what) {
        assertEquals(expected.scalars(), actual.scalars(), what);
        assertEquals(expected.tensors().keySet(), actual.tensors().keySet(), what);
        expected.tensors().forEach((k, v) -> assertArrayEquals(bits(v), bits(actual.tensors().get(k)), what + ": " + k));
    }

    /** Everything a refused load must leave as it was. */
    record Snapshot(Map<String, long[]> parameters, OptimizerState optimizer, double lr, Map<String, Double> scheduler) {
        static Snapshot of(Run run) {
            return new Snapshot(bits(run.model), run.adam.state(), run.adam.lr(), run.scheduler.state());
        }

        void assertUnchanged(Run run, String what) {
            assertSameBits(parameters, bits(run.model), what);
            assertSameState(optimizer, run.adam.state(), what);
            assertEquals(Double.doubleToRawLongBits(lr), Double.doubleToRawLongBits(run.adam.lr()), what);
            assertEquals(scheduler, run.scheduler.state(), what);
        }
    }

    // ---- resuming equals running straight through -------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Kind.class)
    void resumedRunEqualsTheUninterruptedOneBitForBit(Kind kind) throws IOException {
        for (DType dtype : DType.values()) {
            Run straight = new Run(kind, dtype, 1).steps(STEPS);

            Run first = new Run(kind, dtype, 1).steps(SAVE_AT);
            Path file = dir.resolve(kind + "-" + dtype + ".safetensors");
            Checkpoint.save(file, first.model, first.adam, first.scheduler, Map.of("step", "" + SAVE_AT));

            Run resumed = new Run(kind, dtype, 99);
            assertNotEquals(bits(first.model).get("head.bias")[0], bits(resumed.model).get("head.bias")[0]);
            assertEquals(Map.of("step", "" + SAVE_AT),
                    Checkpoint.load(file, resumed.model, resumed.adam, resumed.scheduler));
            resumed.resumedAt(SAVE_AT);
            String what = kind + " " + dtype;
            assertEquals(first.scheduler.state(), resumed.scheduler.state(), what);
            assertEquals(Double.doubleToRawLongBits(straight.lrs[SAVE_AT]), Double.doubleToRawLongBits(resumed.adam.lr()),
                    what + ": learning rate on loading");
            resumed.steps(STEPS - SAVE_AT);

            for (int s = SAVE_AT; s <= STEPS; s++) {
                assertEquals(Double.doubleToRawLongBits(straight.lrs[s]), Double.doubleToRawLongBits(resumed.lrs[s]),
                        what + ": learning rate after step " + s + ": " + straight.lrs[s] + " vs " + resumed.lrs[s]);
            }
            assertSameBits(bits(straight.model), bits(resumed.model), what);
            assertSameState(straight.adam.state(), resumed.adam.state(), what);
            assertEquals(straight.scheduler.state(), resumed.scheduler.state(), what);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theScheduleChangesTheRateOnBothSidesOfTheCheckpoint(Kind kind) {
        // what makes the test above sensitive: the rate moves before and after SAVE_AT, mid-schedule
        double[] lrs = new Run(kind, DType.FLOAT64, 1).steps(STEPS).lrs;
        assertNotEquals(lrs[0], lrs[SAVE_AT], kind.toString());
        assertNotEquals(lrs[SAVE_AT], lrs[STEPS], kind.toString());
        Run run = new Run(kind, DType.FLOAT64, 1).steps(SAVE_AT);
        if (kind == Kind.PLATEAU) {
            assertEquals(1.0, run.scheduler.state().get("num_bad_epochs"), "a plateau counter is running at the save");
        } else {
            assertEquals(SAVE_AT, ((LRScheduler) run.scheduler).epoch());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void withoutTheSchedulerStateTheResumedRunDiffers(Kind kind) throws IOException {
        // the control: the same file loaded without the scheduler, whose schedule then starts again from epoch 0
        Run straight = new Run(kind, DType.FLOAT64, 1).steps(STEPS);
        Run first = new Run(kind, DType.FLOAT64, 1).steps(SAVE_AT);
        Path file = dir.resolve("control.safetensors");
        Checkpoint.save(file, first.model, first.adam, first.scheduler, Map.of());
        Run resumed = new Run(kind, DType.FLOAT64, 99);
        Checkpoint.load(file, resumed.model, resumed.adam);
        resumed.resumedAt(SAVE_AT);
        resumed.steps(STEPS - SAVE_AT);
        assertFalse(Arrays.equals(straight.lrs, resumed.lrs), Arrays.toString(resumed.lrs));
        assertNotEquals(bits(straight.model).get("head.bias")[0], bits(resumed.model).get("head.bias")[0]);
    }

    @Test
    void resumingAtAnyStepOfAnyScheduleEqualsRunningThrough() {
        qt().withExamples(36).forAll(integers().between(0, Kind.values().length - 1), integers().between(0, STEPS))
                .checkAssert((which, saveAt) -> {
                    Kind kind = Kind.values()[which];
                    Run straight = new Run(kind, DType.FLOAT32, 3).steps(STEPS);
                    Run first = new Run(kind, DType.FLOAT32, 3).steps(saveAt);
                    Run resumed = new Run(kind, DType.FLOAT32, 4);
                    try {
                        Path file = dir.resolve("any.safetensors");
                        Checkpoint.save(file, first.model, first.adam, first.scheduler, Map.of());
                        Checkpoint.load(file, resumed.model, resumed.adam, resumed.scheduler);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    resumed.resumedAt(saveAt);
                    resumed.steps(STEPS - saveAt);
                    String what = kind + " saved at " + saveAt;
                    assertArrayEquals(Arrays.copyOfRange(straight.lrs, saveAt, STEPS + 1),
                            Arrays.copyOfRange(resumed.lrs, saveAt, STEPS + 1), what);
                    assertSameBits(bits(straight.model), bits(resumed.model), what);
                });
    }

    // ---- the file -----------------------------------------------------------------------------------------------

    @Test
    void schedulerIsStoredAsMetadataUnderItsPrefix() throws IOException {
        Run run = new Run(Kind.STEP, DType.FLOAT32, 1).steps(SAVE_AT);
        Path file = dir.resolve("layout.safetensors");
        Checkpoint.save(file, run.model, run.adam, run.scheduler, Map.of("epoch", "5"));

        SafeTensorsFile raw = SafeTensors.read(file);
        assertEquals("StepLR", raw.metadata().get("scheduler.kind"));
        assertEquals("0.01", raw.metadata().get("scheduler.config.base_lr"));
        assertEquals("3.0", raw.metadata().get("scheduler.config.step_size"));
        assertEquals("0.5", raw.metadata().get("scheduler.config.gamma"));
        assertEquals("5.0", raw.metadata().get("scheduler.state.last_epoch"));
        assertEquals(Double.toString(LR * 0.5), raw.metadata().get("optimizer.lr"));
        assertTrue(raw.tensors().keySet().stream().noneMatch(k -> k.startsWith("scheduler.")), raw.tensors().keySet()
                .toString());
        assertEquals(Map.of("epoch", "5"), Checkpoint.readMetadata(file), "scheduler entries are not user metadata");
        assertTrue(Checkpoint.loadChecked(file, new Model(DType.FLOAT32, 4, 2), null).checksumVerified());

        ReduceLROnPlateau plateau = new ReduceLROnPlateau(run.adam, 0.5, 1, 1e-4, 1, 0, 1e-8);
        Checkpoint.save(file, run.model, run.adam, plateau, Map.of());
        raw = SafeTensors.read(file);
        assertEquals("ReduceLROnPlateau", raw.metadata().get("scheduler.kind"));
        assertEquals("Infinity", raw.metadata().get("scheduler.state.best"), "before its first step");
        assertEquals("1.0", raw.metadata().get("scheduler.config.patience"));
        Run fresh = new Run(Kind.PLATEAU, DType.FLOAT32, 2);
        Checkpoint.load(file, fresh.model, fresh.adam, fresh.scheduler);
        assertEquals(plateau.state(), fresh.scheduler.state());
    }

    @Test
    void fileWrittenBeforeSchedulerStateStillLoads() throws IOException {
        // written by Checkpoint.save before this slot existed (Model(FLOAT64, 3, 1), Adam 0.01, two steps); its
        // caller kept a scheduler position by hand in its own metadata, which stays the caller's
        Path file = Path.of("src/test/resources/checkpoint/before_scheduler_state.safetensors");
        Map<String, String> metadata = Map.of("epoch", "2", "scheduler.last_epoch", "2");
        Model original = new Model(DType.FLOAT64, 3, 1);
        Adam adam = new Adam(original, 0.01);
        for (int i = 0; i < 2; i++) {
            adam.zeroGrad();
            original.loss(data(7, DType.FLOAT64, 4, 2, 3), data(8, DType.FLOAT64, 2, 2)).backward();
            adam.step();
        }

        Model model = new Model(DType.FLOAT64, 3, 2);
        Adam loadedAdam = new Adam(model, 0.5);
        assertEquals(new Checkpoint.Loaded(metadata, true), Checkpoint.loadChecked(file, model, loadedAdam));
        assertEquals(metadata, Checkpoint.readMetadata(file));
        assertSameBits(bits(original), bits(model), "weights");
        assertSameState(adam.state(), loadedAdam.state(), "optimizer");

        // and today's save of the same run, without a scheduler, writes the same tensors and entries
        Path today = dir.resolve("today.safetensors");
        Checkpoint.save(today, original, adam, Map.of("epoch", "2"));
        SafeTensorsFile old = SafeTensors.read(file);
        Map<String, String> oldEntries = new LinkedHashMap<>(old.metadata());
        oldEntries.remove("scheduler.last_epoch");
        assertEquals(new SafeTensorsFile(old.tensors(), oldEntries), SafeTensors.read(today));

        // asked for a scheduler's state, it has none
        Model target = new Model(DType.FLOAT64, 3, 2);
        Adam targetAdam = new Adam(target, 0.01);
        LRScheduler targetSchedule = LRScheduler.step(targetAdam, 3, 0.5);
        CheckpointException e = assertThrows(CheckpointException.class, () ->
                Checkpoint.load(file, target, targetAdam, targetSchedule));
        assertEquals("checkpoint " + file + ": holds no scheduler state (metadata 'scheduler.kind' is missing), but a "
                + "StepLR state was asked for", e.getMessage());
    }

    // ---- refusals ---------------------------------------------------------------------------------------------------

    /** Saves {@code run} (which must be at {@link #SAVE_AT}) to a file, and returns it. */
    private Path saved(Run run, String name) throws IOException {
        Path file = dir.resolve(name + ".safetensors");
        Checkpoint.save(file, run.model, run.adam, run.scheduler, Map.of());
        return file;
    }

    /** A target run, trained a little so its state is not the fresh one; the load must be refused leaving it so. */
    private static String refused(Path file, Run target) {
        Snapshot before = Snapshot.of(target);
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoint.load(file, target.model, target.adam, target.scheduler));
        before.assertUnchanged(target, e.getMessage());
        assertTrue(e.getMessage().startsWith("checkpoint " + file + ": "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void refusesAnotherKindOfScheduler() throws IOException {
        Path step = saved(new Run(Kind.STEP, DType.FLOAT32, 1).steps(SAVE_AT), "step");
        assertTrue(refused(step, new Run(Kind.EXPONENTIAL, DType.FLOAT32, 2).steps(2))
                .endsWith("holds StepLR scheduler state, not ExponentialLR"));
        assertTrue(refused(step, new Run(Kind.PLATEAU, DType.FLOAT32, 2).steps(2))
                .endsWith("holds StepLR scheduler state, not ReduceLROnPlateau"));
        Path plateau = saved(new Run(Kind.PLATEAU, DType.FLOAT32, 1).steps(SAVE_AT), "plateau");
        assertTrue(refused(plateau, new Run(Kind.ONE_CYCLE, DType.FLOAT32, 2).steps(2))
                .endsWith("holds ReduceLROnPlateau scheduler state, not OneCycleLR"));
    }

    @Test
    void refusesAnotherConfigNamingEverySettingThatDiffers() throws IOException {
        Path step = saved(new Run(Kind.STEP, DType.FLOAT32, 1).steps(SAVE_AT), "step");
        Run stepSize4 = new Run(o -> LRScheduler.step(o, 4, 0.5), DType.FLOAT32, 2).steps(2);
        String message = refused(step, stepSize4);
        assertTrue(message.endsWith("holds the state of a StepLR with another config: step_size is 3.0 in the file but "
                + "4.0 in the scheduler given"), message);

        // the optimizer's rate when the schedule was built is part of it
        Run lr02 = new Run(o -> {
            o.setLr(0.02);
            return LRScheduler.step(o, 3, 0.25);
        }, DType.FLOAT32, 2).steps(2);
        message = refused(step, lr02);
        assertTrue(message.endsWith("with another config: base_lr is 0.01 in the file but 0.02 in the scheduler given; "
                + "gamma is 0.5 in the file but 0.25 in the scheduler given"), message);

        Path plateau = saved(new Run(Kind.PLATEAU, DType.FLOAT32, 1).steps(SAVE_AT), "plateau");
        Run patience2 = new Run(o -> new ReduceLROnPlateau(o, 0.5, 2, 1e-4, 1, 0, 1e-8), DType.FLOAT32, 2).steps(2);
        message = refused(plateau, patience2);
        assertTrue(message.endsWith("holds the state of a ReduceLROnPlateau with another config: patience is 1.0 in the "
                + "file but 2.0 in the scheduler given"), message);
    }

    @Test
    void refusesAFileWithoutSchedulerStateWhenASchedulerIsGiven() throws IOException {
        Run run = new Run(Kind.STEP, DType.FLOAT32, 1).steps(SAVE_AT);
        Path file = dir.resolve("none.safetensors");
        Checkpoint.save(file, run.model, run.adam, Map.of());
        assertTrue(refused(file, new Run(Kind.COSINE, DType.FLOAT32, 2).steps(2)).endsWith("holds no scheduler state "
                + "(metadata 'scheduler.kind' is missing), but a CosineAnnealingLR state was asked for"));
    }

    @Test
    void withoutASchedulerTheFilesSchedulerStateIsIgnored() throws IOException {
        Run run = new Run(Kind.STEP, DType.FLOAT32, 1).steps(SAVE_AT);
        Path file = saved(run, "ignored");
        Run target = new Run(Kind.STEP, DType.FLOAT32, 2).steps(1);
        Map<String, Double> before = target.scheduler.state();
        assertEquals(Map.of(), Checkpoint.load(file, target.model, target.adam));
        assertEquals(before, target.scheduler.state());
        assertSameBits(bits(run.model), bits(target.model), "weights");
        assertEquals(run.adam.lr(), target.adam.lr(), "the optimizer's saved rate");
        Checkpoint.loadWeights(file, new Model(DType.FLOAT32, 4, 3));
    }

    @Test
    void aSchedulerGoesWithItsOwnOptimizer() throws IOException {
        Run run = new Run(Kind.STEP, DType.FLOAT32, 1).steps(SAVE_AT);
        Path file = dir.resolve("args.safetensors");
        IllegalArgumentException noOptimizer = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.save(file, run.model, null, run.scheduler, Map.of()));
        assertEquals("Checkpoint.save " + file + ": a StepLR was given without its optimizer (the learning rate it "
                + "set is part of the optimizer's state)", noOptimizer.getMessage());
        SGD other = new SGD(run.model, 0.1);
        IllegalArgumentException another = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.save(file, run.model, other, run.scheduler, Map.of()));
        assertEquals("Checkpoint.save " + file + ": the StepLR sets the learning rate of another optimizer than the "
                + "SGD given", another.getMessage());
        assertTrue(Files.notExists(file));
        assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.save(file, run.model, run.adam, run.scheduler, Map.of("scheduler.note", "x")));
        assertTrue(Files.notExists(file));

        Checkpoint.save(file, run.model, run.adam, run.scheduler, Map.of());
        Run target = new Run(Kind.STEP, DType.FLOAT32, 2).steps(2);
        Snapshot before = Snapshot.of(target);
        assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.load(file, target.model, null, target.scheduler));
        assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.load(file, target.model, new Adam(target.model, LR), target.scheduler));
        before.assertUnchanged(target, "refused arguments");
    }

    // ---- corruption -------------------------------------------------------------------------------------------------

    @Test
    void aCorruptedSchedulerEntryFailsTheChecksum() throws IOException {
        Path file = saved(new Run(Kind.STEP, DType.FLOAT64, 1).steps(SAVE_AT), "flipped");
        byte[] clean = Files.readAllBytes(file);
        for (String from : new String[] {"\"scheduler.state.last_epoch\":\"5.0\"", "\"scheduler.config.gamma\":\"0.5\"",
                "\"scheduler.kind\":\"StepLR\""}) {
            int at = indexOf(clean, from.getBytes(StandardCharsets.US_ASCII));
            assertTrue(at > 0, from);
            byte[] bytes = clean.clone();
            int last = at + from.length() - 2; // the value's last character: 5.0 -> 5.1, 0.5 -> 0.4, StepLR -> StepLS
            bytes[last] ^= 0x01;
            Files.write(file, bytes);
            String message = refused(file, new Run(Kind.STEP, DType.FLOAT64, 2).steps(2));
            assertTrue(message.contains("file is corrupt: checksum mismatch"), message);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Rewrites the file's content with {@code edit} applied to its metadata (a valid checksum for the new one). */
    private static void rewrite(Path file, Consumer<Map<String, String>> edit) throws IOException {
        SafeTensorsFile content = SafeTensors.read(file);
        Map<String, String> metadata = new LinkedHashMap<>(content.metadata());
        edit.accept(metadata);
        SafeTensors.write(file, new SafeTensorsFile(content.tensors(), metadata));
    }

    @Test
    void aSchedulerEntryThatCannotBeTheSchedulersIsRefusedEvenWithAValidChecksum() throws IOException {
        // as a buggy or hand-edited writer could leave it: the checksum vouches for the bytes, not the values
        Run step = new Run(Kind.STEP, DType.FLOAT32, 1).steps(SAVE_AT);
        Map<Consumer<Map<String, String>>, String> cases = new LinkedHashMap<>();
        cases.put(m -> m.put("scheduler.state.last_epoch", "five"),
                "metadata 'scheduler.state.last_epoch' = 'five' is not a number");
        cases.put(m -> m.put("scheduler.config.gamma", ""), "metadata 'scheduler.config.gamma' = '' is not a number");
        cases.put(m -> m.put("scheduler.state.last_epoch", "2.5"), "holds a StepLR state the scheduler cannot continue "
                + "from (metadata 'scheduler.state.*'): StepLR: state last_epoch must be an integer count, got 2.5");
        cases.put(m -> m.put("scheduler.state.last_epoch", "-1.0"), "last_epoch must be an integer count, got -1.0");
        cases.put(m -> m.put("scheduler.state.last_epoch", "NaN"), "last_epoch must be an integer count, got NaN");
        cases.put(m -> m.remove("scheduler.state.last_epoch"),
                "StepLR: state keys must be [last_epoch], got missing [last_epoch]");
        cases.put(m -> m.put("scheduler.state.epoch", "5.0"),
                "StepLR: state keys must be [last_epoch], got unexpected [epoch]");
        cases.put(m -> m.remove("scheduler.config.gamma"), "holds the state of a StepLR with another config: gamma is "
                + "missing from the file (0.5 in the scheduler given)");
        cases.put(m -> m.put("scheduler.config.T_max", "12.0"), "holds the state of a StepLR with another config: "
                + "T_max is in the file but not a StepLR setting");
        cases.put(m -> m.put("scheduler.lr", "0.1"), "metadata 'scheduler.lr' is not a scheduler entry (tapegrad writes "
                + "scheduler.kind, scheduler.config.* and scheduler.state.*)");
        cases.put(m -> m.remove("scheduler.kind"), "holds no scheduler state (metadata 'scheduler.kind' is missing)");
        for (Map.Entry<Consumer<Map<String, String>>, String> c : cases.entrySet()) {
            Path file = saved(step, "doctored");
            rewrite(file, c.getKey());
            String message = refused(file, new Run(Kind.STEP, DType.FLOAT32, 2).steps(2));
            assertTrue(message.contains(c.getValue()), message + "\n  expected: " + c.getValue());
        }

        // bounds that depend on the config
        Path oneCycle = saved(new Run(Kind.ONE_CYCLE, DType.FLOAT32, 1).steps(SAVE_AT), "one-cycle");
        rewrite(oneCycle, m -> m.put("scheduler.state.last_epoch", "13.0"));
        String message = refused(oneCycle, new Run(Kind.ONE_CYCLE, DType.FLOAT32, 2).steps(2));
        assertTrue(message.endsWith("OneCycleLR: state last_epoch must be an integer count from 0 to 12, got 13.0"),
                message);
        Path plateau = saved(new Run(Kind.PLATEAU, DType.FLOAT32, 1).steps(SAVE_AT), "plateau");
        for (String[] entry : new String[][] {{"num_bad_epochs", "2.0", "from 0 to 1, got 2.0"},
                {"cooldown_counter", "3.0", "from 0 to 1, got 3.0"}, {"best", "NaN", "best must be a number, got NaN"}}) {
            Path file = dir.resolve("plateau-" + entry[0] + ".safetensors");
            Files.copy(plateau, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            rewrite(file, m -> m.put("scheduler.state." + entry[0], entry[1]));
            message = refused(file, new Run(Kind.PLATEAU, DType.FLOAT32, 2).steps(2));
            assertTrue(message.endsWith(entry[2]), message);
        }
    }
}
