package io.github.tapegrad.nn.check;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.check.GradCheck;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.Recurrent;
import io.github.tapegrad.nn.check.CaseProperty.Outcome;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * One call that verifies a recurrent cell, from any test framework:
 * <pre>{@code
 * CellCheck.of((in, hidden, rng) -> new MyCell(in, hidden, DType.FLOAT64, rng))
 *         .reference(myEquations)            // the paper's equations again, per element (see CellReference)
 *         .reducesTo(lstmMaker, myToLstm)    // where the cell is a known cell under a parameter map
 *         .check();
 * }</pre>
 * For seeded configurations (T, B, I, H, layers) the cell is stacked by {@link Recurrent} and run on a
 * {@link RecurrentProblem}. The first failing property is shrunk to the smallest (T, B, I, H, layers) that
 * still fails, and reported with a replayable seed and case, and where it fails: the tensors, gate blocks
 * (from the cells' {@link Cell#gateBlocks()}, or {@link #gates}) and the first time step whose input
 * gradient diverges; for the reference, the step, layer, state tensor, sequence and unit.
 *
 * <p>What each property proves, and what it cannot:
 * <ul>
 *   <li>{@link #REFERENCE} (with {@link #reference}): the forward values (every state tensor at every step
 *       of every layer, and the outputs) equal the author's {@link CellReference} to float64 rounding. It is
 *       the only property that sees a wrong equation: a sign flipped, two gates swapped, a term missing, a
 *       wrong slice all have correct gradients. It proves agreement with the reference, not with the paper:
 *       a reference written from the same misreading agrees with the wrong cell.</li>
 *   <li>{@link #BASE} (with {@link #reducesTo(CellMaker)}): with its extra parameters at zero the cell equals
 *       the base cell (outputs, states, gradients of x, the initial states and the shared parameters). It says
 *       nothing about the cell with nonzero extras, where the variant's own equations live.</li>
 *   <li>{@link #MAPPED_BASE} (with {@link #reducesTo(CellMaker, ParameterMap)}): for any value of the cell's
 *       parameters, it equals the base cell with the mapped parameters (outputs, states, gradients of x and
 *       the initial states, and its parameter gradients equal the base's carried back through the map). It
 *       proves equivalence on the map's image only, and trusts the base cell.</li>
 *   <li>{@link #FIRST_ORDER}: autograd's gradients of every parameter, of x and of every initial state
 *       tensor equal central differences (GradCheck's tolerance rule): the derivative is right for the
 *       forward as written, right or wrong. It sees a stray {@code detach()}, never a wrong equation.</li>
 *   <li>{@link #SECOND_ORDER}: GradCheck's gradgradcheck with respect to x and the initial states, on small
 *       cases: the gradient's own graph is right. Parameters are not perturbed in this check.</li>
 *   <li>{@link #BATCH}: each sequence of a batch gives what it gives alone; the cell does not mix sequences.</li>
 *   <li>{@link #ZERO_LENGTH}: T = 0 runs no step: outputs [0, B, H], final states exactly the initial ones.
 *       This is {@link Recurrent}'s contract more than the cell's.</li>
 *   <li>{@link #SPLIT}: T steps equal k steps then T − k from the first run's final states (values and
 *       gradients, every split k): everything a step passes on is in the declared state. It cannot see state
 *       carried correctly but computed wrongly.</li>
 *   <li>{@link #SEQUENCES}: the same cells in a bidirectional stack on a variable-length batch (lengths from
 *       the case's seed, 0 to T): gradients equal central differences, and each sequence gives what it gives
 *       alone. It sees a cell that cannot run in reverse or with a batch that shrinks as sequences end (state
 *       kept outside the declared state, rows mixed); the equations in reverse are those of the forward
 *       direction, so it adds nothing about them.</li>
 * </ul>
 * Without a reference or base, nothing checks the equations; the gradient and metamorphic properties hold
 * for many wrong cells. Every property is tested, not proved: on the generated cases and their seeded
 * parameters and inputs (uniform, so gates stay out of saturation), at float64 tolerances.
 *
 * <p>Each setter returns a new check; a check is immutable. Without {@link #seed}, the run uses
 * {@link #DEFAULT_SEED}, so a check is reproducible run to run. A check that cannot run as configured (a
 * reference that throws or returns the wrong layout, a parameter map whose names or shapes do not fit the
 * base, a cell declaring gate blocks it does not have) throws IllegalArgumentException from {@link #run()}
 * instead of reporting a failure of the cell.
 */
public final class CellCheck {
    /** Property names, as reported in {@link CheckFailure#property()}. */
    public static final String FIRST_ORDER = "gradients vs central differences";
    public static final String BATCH = "batch invariance";
    public static final String BASE = "zero extra parameters equal the base cell";
    public static final String MAPPED_BASE = "equals the base cell under the parameter map";
    public static final String REFERENCE = "forward equals the reference equations";
    public static final String ZERO_LENGTH = "zero-length sequence returns the initial states";
    public static final String SPLIT = "state carried = sequence split in two";
    public static final String SECOND_ORDER = "second order (gradgradcheck on x and initial states)";
    public static final String SEQUENCES = "bidirectional stack, variable lengths (gradients; each sequence alone)";
    /** The run's seed unless {@link #seed} sets one. */
    public static final long DEFAULT_SEED = 0x7A9E_6BADL;

    private final CellMaker<?> maker;
    private CellMaker<?> base;
    private ParameterMap map;
    private CellReference reference;
    private int minLayers = 1;
    private int maxLayers = 2;
    private int maxSteps = 4;
    private int maxBatch = 3;
    private int maxInputSize = 4;
    private int maxHiddenSize = 4;
    private int cases = 20;
    private long seed = DEFAULT_SEED;
    private GradCheck.Tolerance tolerance = GradCheck.Tolerance.DEFAULT;
    private List<String> gates;
    private boolean secondOrder = true;
    private boolean batchInvariance = true;
    private boolean zeroLength = true;
    private boolean sequenceSplit = true;
    private boolean sequences = true;
    private CheckCase replay;

    private CellCheck(CellMaker<?> maker) {
        this.maker = maker;
    }

    private CellCheck copy() {
        CellCheck c = new CellCheck(maker);
        c.base = base;
        c.map = map;
        c.reference = reference;
        c.minLayers = minLayers;
        c.maxLayers = maxLayers;
        c.maxSteps = maxSteps;
        c.maxBatch = maxBatch;
        c.maxInputSize = maxInputSize;
        c.maxHiddenSize = maxHiddenSize;
        c.cases = cases;
        c.seed = seed;
        c.tolerance = tolerance;
        c.gates = gates;
        c.secondOrder = secondOrder;
        c.batchInvariance = batchInvariance;
        c.zeroLength = zeroLength;
        c.sequenceSplit = sequenceSplit;
        c.sequences = sequences;
        c.replay = replay;
        return c;
    }

    /** A check of the cells {@code maker} makes (float64), with defaults: 20 cases, T ≤ 4, B ≤ 3, I, H ≤ 4, 1-2 layers. */
    public static <C extends Cell> CellCheck of(CellMaker<C> maker) {
        if (maker == null) {
            throw new IllegalArgumentException("CellCheck.of: maker is null");
        }
        return new CellCheck(maker);
    }

    /** Stack depths to try, inclusive. */
    public CellCheck layers(int min, int max) {
        require(min >= 1 && max >= min, "layers(" + min + ", " + max + "): need 1 <= min <= max");
        CellCheck c = copy();
        c.minLayers = min;
        c.maxLayers = max;
        return c;
    }

    public CellCheck maxSteps(int steps) {
        require(steps >= 1, "maxSteps(" + steps + "): need >= 1");
        CellCheck c = copy();
        c.maxSteps = steps;
        return c;
    }

    public CellCheck maxBatch(int batch) {
        require(batch >= 1, "maxBatch(" + batch + "): need >= 1");
        CellCheck c = copy();
        c.maxBatch = batch;
        return c;
    }

    public CellCheck maxInputSize(int inputSize) {
        require(inputSize >= 1, "maxInputSize(" + inputSize + "): need >= 1");
        CellCheck c = copy();
        c.maxInputSize = inputSize;
        return c;
    }

    public CellCheck maxHiddenSize(int hiddenSize) {
        require(hiddenSize >= 1, "maxHiddenSize(" + hiddenSize + "): need >= 1");
        CellCheck c = copy();
        c.maxHiddenSize = hiddenSize;
        return c;
    }

    /** Number of generated cases (the first uses every maximum size). */
    public CellCheck cases(int count) {
        require(count >= 1, "cases(" + count + "): need >= 1");
        CellCheck c = copy();
        c.cases = count;
        return c;
    }

    /** The run's seed (default {@link #DEFAULT_SEED}; printed in the report), for replaying a run. */
    public CellCheck seed(long runSeed) {
        CellCheck c = copy();
        c.seed = runSeed;
        return c;
    }

    /** Checks only {@code checkCase} (e.g. a report's shrunk case), every property on it. */
    public CellCheck replay(CheckCase checkCase) {
        require(checkCase != null, "replay(null)");
        CellCheck c = copy();
        c.replay = checkCase;
        return c;
    }

    /** Central-difference step and tolerance (default GradCheck's: eps 1e-6, atol 1e-5, rtol 1e-3). */
    public CellCheck tolerance(GradCheck.Tolerance tol) {
        require(tol != null, "tolerance(null)");
        CellCheck c = copy();
        c.tolerance = tol;
        return c;
    }

    /**
     * Names of the gate blocks packed in the first dimension of every parameter with {@code names.length * H}
     * rows, for attribution; overrides what the cells declare in {@link Cell#gateBlocks()}.
     */
    public CellCheck gates(String... names) {
        CellCheck c = copy();
        c.gates = List.of(names);
        return c;
    }

    public CellCheck secondOrder(boolean on) {
        CellCheck c = copy();
        c.secondOrder = on;
        return c;
    }

    /** Batch invariance (default on). */
    public CellCheck batchInvariance(boolean on) {
        CellCheck c = copy();
        c.batchInvariance = on;
        return c;
    }

    /** The zero-length property (default on). */
    public CellCheck zeroLength(boolean on) {
        CellCheck c = copy();
        c.zeroLength = on;
        return c;
    }

    /** The split-sequence property (default on). */
    public CellCheck sequenceSplit(boolean on) {
        CellCheck c = copy();
        c.sequenceSplit = on;
        return c;
    }

    /**
     * The sequences property (default on, {@link #SEQUENCES}): the case's cells stacked bidirectionally, run on
     * a variable-length batch (lengths drawn from the case's seed in [0, T], one of them T), must give
     * gradients equal to central differences, and every sequence must get what it gets alone (a batch of one
     * with its length): outputs, final states and gradients. Proves the cell works in the reverse direction
     * and with sequences that end early, i.e. that it keeps no state outside its declared state and treats
     * batch rows independently when the batch shrinks.
     */
    public CellCheck sequences(boolean on) {
        CellCheck c = copy();
        c.sequences = on;
        return c;
    }

    /**
     * Also checks the forward against {@code equations}, the cell's equations written again per element
     * ({@link #REFERENCE}): every layer, every step, every state tensor and the outputs, to float64 rounding
     * (|cell − reference| ≤ 1e-10 + 1e-9 |reference|).
     */
    public CellCheck reference(CellReference equations) {
        require(equations != null, "reference(null)");
        CellCheck c = copy();
        c.reference = equations;
        return c;
    }

    /**
     * Also checks that the cell, with every parameter {@code base}'s cells lack set to zero and the shared
     * ones copied from {@code base}, gives {@code base}'s outputs, states and gradients ({@link #BASE}).
     */
    public <B extends Cell> CellCheck reducesTo(CellMaker<B> baseMaker) {
        require(baseMaker != null, "reducesTo(null)");
        CellCheck c = copy();
        c.base = baseMaker;
        c.map = null;
        return c;
    }

    /**
     * Also checks that the cell equals {@code base}'s cell whose parameters are {@code parameterMap} of its
     * own, layer by layer ({@link #MAPPED_BASE}): outputs, final states, gradients of x and the initial
     * states, and the cell's parameter gradients against the base's carried back through the map.
     */
    public <B extends Cell> CellCheck reducesTo(CellMaker<B> baseMaker, ParameterMap parameterMap) {
        require(baseMaker != null && parameterMap != null, "reducesTo(" + baseMaker + ", " + parameterMap
                + "): needs a base and a map");
        CellCheck c = copy();
        c.base = baseMaker;
        c.map = parameterMap;
        return c;
    }

    /** Runs every case and returns the report (throws only for a misconfigured check or cell). */
    public CellCheckReport run() {
        List<CheckCase> tried = replay != null ? List.of(replay)
                : Cases.generate(seed, cases, maxSteps, maxBatch, maxInputSize, maxHiddenSize, minLayers, maxLayers);
        validate(tried.get(0)); // a cell that cannot be built or is not float64 is reported at once
        List<CaseProperty> properties = properties();
        double firstOrderError = 0;
        double secondOrderError = 0;
        List<String> names = new ArrayList<>();
        properties.forEach(p -> names.add(p.name()));
        if (secondOrder) {
            names.add(SECOND_ORDER);
        }
        for (int k = 0; k < tried.size(); k++) {
            CheckCase c = tried.get(k);
            for (CaseProperty p : properties) {
                Outcome o = p.check(c);
                if (p.name().equals(FIRST_ORDER)) {
                    firstOrderError = Math.max(firstOrderError, o.error());
                }
                if (!o.passed()) {
                    return report(tried, names, firstOrderError, secondOrderError, Cases.shrink(p, c, o, minLayers));
                }
            }
            if (secondOrder && (replay != null || k < 2)) {
                CaseProperty p = secondOrderProperty();
                CheckCase small = replay != null ? c : Cases.clip(c);
                Outcome o = p.check(small);
                secondOrderError = Math.max(secondOrderError, o.error());
                if (!o.passed()) {
                    return report(tried, names, firstOrderError, secondOrderError, Cases.shrink(p, small, o, minLayers));
                }
            }
        }
        return report(tried, names, firstOrderError, secondOrderError, null);
    }

    /** {@link #run()}, throwing {@link CellCheckError} (an AssertionError) with the report when a property fails. */
    public CellCheckReport check() {
        return run().orThrow();
    }

    private CellCheckReport report(List<CheckCase> tried, List<String> names, double first, double second,
                                   CheckFailure failure) {
        return new CellCheckReport(describeCell(), seed, tried, names, first, second, failure);
    }

    // ------------------------------------------------------------------ properties

    /** In the order they run on each case: the equations first, then gradients, then the relations. */
    private List<CaseProperty> properties() {
        List<CaseProperty> out = new ArrayList<>();
        if (reference != null) {
            out.add(CaseProperty.of(REFERENCE, c -> {
                ReferenceMismatch m = ReferenceComparison.compare(problem(c), reference);
                return m == null ? Outcome.pass("agrees") : new Outcome(false, m.toString(), null, m, 0);
            }));
        }
        if (base != null) {
            out.add(CaseProperty.of(map == null ? BASE : MAPPED_BASE, c -> {
                RecurrentProblem p = problem(c);
                Recurrent baseNet = stack(base, c, new SplittableRandom(c.seed() ^ 0x9E3779B97F4A7C15L));
                return Outcome.of(map == null
                        ? Metamorphic.zeroExtrasMatchBase(p.net(), baseNet, p, Metamorphic.ROUNDING, blocks(p))
                        : Metamorphic.mapsToBase(p.net(), baseNet, map, p, Metamorphic.ROUNDING, blocks(p)));
            }));
        }
        out.add(CaseProperty.of(FIRST_ORDER, c -> {
            RecurrentProblem p = problem(c);
            return Outcome.of(GradientDiff.compare(p.gradients(), p.numericalGradients(tolerance.eps()), tolerance,
                    blocks(p)));
        }));
        if (batchInvariance) {
            out.add(CaseProperty.of(BATCH, c -> {
                if (c.batch() == 1) {
                    return Outcome.pass("B = 1");
                }
                RecurrentProblem p = problem(c);
                return Outcome.of(Metamorphic.batchInvariance(p, Metamorphic.ROUNDING, blocks(p)));
            }));
        }
        if (zeroLength) {
            out.add(CaseProperty.of(ZERO_LENGTH, c -> Outcome.of(Metamorphic.zeroLength(problem(c)))));
        }
        if (sequenceSplit) {
            out.add(CaseProperty.of(SPLIT, c -> {
                RecurrentProblem p = problem(c);
                Outcome worst = Outcome.pass("T = 1");
                for (int k = 1; k < c.steps(); k++) {
                    GradientDiff diff = Metamorphic.sequenceSplit(p, k, Metamorphic.ROUNDING, blocks(p));
                    if (!diff.agrees()) {
                        return new Outcome(false, "split at k=" + k + " of T=" + c.steps() + ": " + diff, diff, null,
                                diff.maxRelativeError());
                    }
                    worst = Outcome.of(diff);
                }
                return worst;
            }));
        }
        if (sequences) {
            out.add(CaseProperty.of(SEQUENCES, c -> {
                RecurrentProblem p = sequencesProblem(c);
                String lengths = "bidirectional, lengths " + Arrays.toString(p.lengths()) + ": ";
                GateBlocks b = blocks(p);
                GradientDiff grads = GradientDiff.compare(p.gradients(), p.numericalGradients(tolerance.eps()),
                        tolerance, b);
                if (!grads.agrees()) {
                    return new Outcome(false, lengths + grads, grads, null, grads.maxRelativeError());
                }
                if (c.batch() > 1) {
                    GradientDiff alone = Metamorphic.batchInvariance(p, Metamorphic.ROUNDING, b);
                    if (!alone.agrees()) {
                        return new Outcome(false, lengths + "each sequence alone: " + alone, alone, null,
                                alone.maxRelativeError());
                    }
                }
                return Outcome.of(grads);
            }));
        }
        return out;
    }

    /** The case's cells in a bidirectional stack, on a batch whose lengths come from the case's seed. */
    private RecurrentProblem sequencesProblem(CheckCase c) {
        SplittableRandom rng = new SplittableRandom(c.seed() ^ 0x5EC0_1E55_0B1DL);
        Recurrent net = stack(maker, c, rng, true);
        RecurrentProblem p = RecurrentProblem.generate(net, c.steps(), c.batch(), rng);
        int[] lengths = new int[c.batch()];
        for (int b = 0; b < lengths.length; b++) {
            lengths[b] = rng.nextInt(c.steps() + 1);
        }
        lengths[rng.nextInt(lengths.length)] = c.steps();
        return p.withLengths(lengths);
    }

    private CaseProperty secondOrderProperty() {
        return CaseProperty.of(SECOND_ORDER, c -> {
            RecurrentProblem p = problem(c);
            GradCheckSecondOrder.Result r = GradCheckSecondOrder.check(p, new SplittableRandom(c.seed()), tolerance);
            return new Outcome(r.report().passed(), r.report().toString() + r.inputs(), null, null,
                    r.report().maxAbsError());
        });
    }

    /** Builds everything a case needs once, so a misconfigured cell, base or declaration throws before any property. */
    private void validate(CheckCase c) {
        RecurrentProblem p = problem(c);
        blocks(p);
        if (base != null) {
            stack(base, c, new SplittableRandom(c.seed()));
        }
    }

    private RecurrentProblem problem(CheckCase c) {
        SplittableRandom rng = new SplittableRandom(c.seed());
        Recurrent net = stack(maker, c, rng);
        return RecurrentProblem.generate(net, c.steps(), c.batch(), rng);
    }

    private GateBlocks blocks(RecurrentProblem p) {
        return gates != null ? GateBlocks.override(p.net(), gates) : GateBlocks.declared(p.net());
    }

    private String describeCell() {
        try {
            return stack(maker, new CheckCase(1, 1, 1, 1, 1, seed), new SplittableRandom(seed)).cell(0).toString();
        } catch (RuntimeException e) {
            return "cell";
        }
    }

    /** The maker's cells for {@code c}, stacked; throws unless each has the sizes asked for. */
    private static <C extends Cell> Recurrent stack(CellMaker<C> cellMaker, CheckCase c, RandomGenerator rng) {
        return stack(cellMaker, c, rng, false);
    }

    private static <C extends Cell> Recurrent stack(CellMaker<C> cellMaker, CheckCase c, RandomGenerator rng,
                                                    boolean bidirectional) {
        return new Recurrent(config -> {
            C cell = cellMaker.make(config.inputSize(), c.hiddenSize(), rng);
            if (cell == null || cell.hiddenSize() != c.hiddenSize()) {
                throw new MisconfiguredCheck("CellCheck: the maker, asked for (inputSize " + config.inputSize()
                        + ", hiddenSize " + c.hiddenSize() + "), made " + (cell == null ? "null" : cell + " with hiddenSize "
                        + cell.hiddenSize()));
            }
            return cell;
        }, Recurrent.options(c.inputSize(), c.hiddenSize()).layers(c.layers()).dtype(DType.FLOAT64).rng(rng)
                .bidirectional(bidirectional));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("CellCheck." + message);
        }
    }
}
