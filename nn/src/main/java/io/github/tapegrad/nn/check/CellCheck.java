package io.github.tapegrad.nn.check;

import io.github.tapegrad.autograd.check.GradCheck;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.nn.Recurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * One call that verifies a recurrent cell's gradients, from any test framework:
 * <pre>{@code
 * CellCheck.of((in, hidden, rng) -> new MyCell(in, hidden, DType.FLOAT64, rng)).layers(1, 2).maxSteps(4).check();
 * }</pre>
 * For seeded configurations (T, B, I, H, layers) the cell is stacked by {@link Recurrent} and run on a
 * {@link RecurrentProblem}; on each: autograd's gradients of every parameter, of x and of every initial
 * state tensor against central differences ({@link GradientDiff}, GradCheck's tolerance rule), and batch
 * invariance ({@link Metamorphic}); optionally that the cell equals a base cell when its extra parameters
 * are zero. On small cases, second order: GradCheck's gradgradcheck with respect to x and the initial
 * states. The first failure is shrunk to the smallest (T, B, I, H, layers) that still fails, and reported
 * with the gates and time step where gradients diverge and a replayable seed.
 *
 * <p>Each setter returns a new check; a check is immutable.
 */
public final class CellCheck {
    /** Property names, as reported in {@link CheckFailure#property()}. */
    public static final String FIRST_ORDER = "gradients vs central differences";
    public static final String BATCH = "batch invariance";
    public static final String BASE = "zero extra parameters equal the base cell";
    public static final String SECOND_ORDER = "second order (gradgradcheck on x and initial states)";
    /** Cases larger than this in any size are clipped for the second-order check, whose cost grows as n^2. */
    private static final int SECOND_ORDER_MAX_SIZE = 3;
    private static final int MAX_SHRINK_ATTEMPTS = 300;

    private final CellMaker<?> maker;
    private CellMaker<?> base;
    private int minLayers = 1;
    private int maxLayers = 2;
    private int maxSteps = 4;
    private int maxBatch = 3;
    private int maxInputSize = 4;
    private int maxHiddenSize = 4;
    private int cases = 20;
    private long seed = new SplittableRandom().nextLong();
    private GradCheck.Tolerance tolerance = GradCheck.Tolerance.DEFAULT;
    private List<String> gates;
    private boolean secondOrder = true;
    private boolean batchInvariance = true;
    private CheckCase replay;

    private CellCheck(CellMaker<?> maker) {
        this.maker = maker;
    }

    private CellCheck copy() {
        CellCheck c = new CellCheck(maker);
        c.base = base;
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

    /** The run's seed (default: random, printed in the report), for replaying a run. */
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

    /** Names of the gate blocks packed in the weights' first dimension, for attribution (built-ins: automatic). */
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

    public CellCheck batchInvariance(boolean on) {
        CellCheck c = copy();
        c.batchInvariance = on;
        return c;
    }

    /**
     * Also checks that the cell, with every parameter {@code base}'s cells lack set to zero and the shared
     * ones copied from {@code base}, gives {@code base}'s outputs, states and gradients.
     */
    public <B extends Cell> CellCheck reducesTo(CellMaker<B> baseMaker) {
        require(baseMaker != null, "reducesTo(null)");
        CellCheck c = copy();
        c.base = baseMaker;
        return c;
    }

    /** Runs every case and returns the report (throws only for a misconfigured check or cell). */
    public CellCheckReport run() {
        List<CheckCase> tried = replay != null ? List.of(replay) : generateCases();
        problem(tried.get(0)); // a cell that cannot be built or is not float64 is reported at once
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
                    return report(tried, names, firstOrderError, secondOrderError, shrink(p, c, o));
                }
            }
            if (secondOrder && (replay != null || k < 2)) {
                CaseProperty p = secondOrderProperty();
                CheckCase small = replay != null ? c : clip(c);
                Outcome o = p.check(small);
                secondOrderError = Math.max(secondOrderError, o.error());
                if (!o.passed()) {
                    return report(tried, names, firstOrderError, secondOrderError, shrink(p, small, o));
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

    private List<CheckCase> generateCases() {
        SplittableRandom rng = new SplittableRandom(seed);
        List<CheckCase> out = new ArrayList<>();
        out.add(new CheckCase(maxSteps, maxBatch, maxInputSize, maxHiddenSize, maxLayers, rng.nextLong()));
        while (out.size() < cases) {
            out.add(new CheckCase(1 + rng.nextInt(maxSteps), 1 + rng.nextInt(maxBatch), 1 + rng.nextInt(maxInputSize),
                    1 + rng.nextInt(maxHiddenSize), minLayers + rng.nextInt(maxLayers - minLayers + 1), rng.nextLong()));
        }
        return out;
    }

    private static CheckCase clip(CheckCase c) {
        int m = SECOND_ORDER_MAX_SIZE;
        return new CheckCase(Math.min(c.steps(), m), Math.min(c.batch(), 2), Math.min(c.inputSize(), m),
                Math.min(c.hiddenSize(), m), c.layers(), c.seed());
    }

    private CheckFailure shrink(CaseProperty property, CheckCase found, Outcome failed) {
        CheckCase current = found;
        Outcome outcome = failed;
        int steps = 0;
        int attempts = 0;
        boolean progress = true;
        while (progress && attempts < MAX_SHRINK_ATTEMPTS) {
            progress = false;
            for (CheckCase smaller : current.smaller(minLayers)) {
                attempts++;
                Outcome o = property.check(smaller);
                if (!o.passed()) {
                    current = smaller;
                    outcome = o;
                    steps++;
                    progress = true;
                    break;
                }
            }
        }
        return new CheckFailure(property.name(), found, current, steps, outcome.detail(), outcome.diff());
    }

    // ------------------------------------------------------------------ properties

    /** One property of a case; a cell that throws fails it, with the exception as detail. */
    private interface CaseProperty {
        String name();

        Outcome checkOrThrow(CheckCase c);

        default Outcome check(CheckCase c) {
            try {
                return checkOrThrow(c);
            } catch (RuntimeException e) {
                return new Outcome(false, "threw " + e, null, Double.POSITIVE_INFINITY);
            }
        }
    }

    private record Outcome(boolean passed, String detail, GradientDiff diff, double error) {
        static Outcome of(GradientDiff diff) {
            return new Outcome(diff.agrees(), diff.toString(), diff, diff.maxRelativeError());
        }
    }

    private record Named(String name, java.util.function.Function<CheckCase, Outcome> body) implements CaseProperty {
        @Override
        public Outcome checkOrThrow(CheckCase c) {
            return body.apply(c);
        }
    }

    private List<CaseProperty> properties() {
        List<CaseProperty> out = new ArrayList<>();
        out.add(new Named(FIRST_ORDER, c -> {
            RecurrentProblem p = problem(c);
            return Outcome.of(GradientDiff.compare(p.gradients(), p.numericalGradients(tolerance.eps()), tolerance,
                    blocks(p)));
        }));
        if (batchInvariance) {
            out.add(new Named(BATCH, c -> {
                if (c.batch() == 1) {
                    return new Outcome(true, "B = 1", null, 0);
                }
                RecurrentProblem p = problem(c);
                return Outcome.of(Metamorphic.batchInvariance(p, Metamorphic.ROUNDING, blocks(p)));
            }));
        }
        if (base != null) {
            out.add(new Named(BASE, c -> {
                RecurrentProblem p = problem(c);
                Recurrent baseNet = stack(base, c, new SplittableRandom(c.seed() ^ 0x9E3779B97F4A7C15L));
                return Outcome.of(Metamorphic.zeroExtrasMatchBase(p.net(), baseNet, p, Metamorphic.ROUNDING, blocks(p)));
            }));
        }
        return out;
    }

    private CaseProperty secondOrderProperty() {
        return new Named(SECOND_ORDER, c -> {
            RecurrentProblem p = problem(c);
            GradCheckSecondOrder.Result r = GradCheckSecondOrder.check(p, new SplittableRandom(c.seed()), tolerance);
            return new Outcome(r.report().passed(), r.report().toString() + r.inputs(), null, r.report().maxAbsError());
        });
    }

    private RecurrentProblem problem(CheckCase c) {
        SplittableRandom rng = new SplittableRandom(c.seed());
        Recurrent net = stack(maker, c, rng);
        return RecurrentProblem.generate(net, c.steps(), c.batch(), rng);
    }

    private GateBlocks blocks(RecurrentProblem p) {
        int hidden = p.net().hiddenSize();
        return gates != null ? new GateBlocks(hidden, gates) : GateBlocks.known(p.net().cell(0));
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
        return new Recurrent(config -> {
            C cell = cellMaker.make(config.inputSize(), c.hiddenSize(), rng);
            if (cell == null || cell.hiddenSize() != c.hiddenSize()) {
                throw new IllegalArgumentException("CellCheck: the maker, asked for (inputSize " + config.inputSize()
                        + ", hiddenSize " + c.hiddenSize() + "), made " + (cell == null ? "null" : cell + " with hiddenSize "
                        + cell.hiddenSize()));
            }
            return cell;
        }, Recurrent.options(c.inputSize(), c.hiddenSize()).layers(c.layers()).dtype(DType.FLOAT64).rng(rng));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("CellCheck." + message);
        }
    }
}
