package io.github.tapegrad.autograd;

import java.util.List;

/**
 * Grad-mode switches for the current thread and the functional gradient API.
 *
 * <pre>{@code
 * try (var off = Grad.off()) { ... }          // nothing recorded inside
 * try (var a = Grad.detectAnomaly()) { ... }   // first NaN/Inf throws, naming the op
 * try (var step = Grad.step()) { ... }         // what the step makes is recycled at the end
 * }</pre>
 */
public final class Grad {
    private static final ThreadLocal<boolean[]> STATE = ThreadLocal.withInitial(() -> new boolean[] {true, false});

    private Grad() {
    }

    /** A scope that restores the previous setting when closed. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Whether ops on this thread record onto the tape. */
    public static boolean isEnabled() {
        return STATE.get()[0];
    }

    /** Turns recording off until the scope closes. */
    public static Scope off() {
        return set(0, false);
    }

    /** Turns recording on until the scope closes (e.g. inside an {@link #off()} scope). */
    public static Scope on() {
        return set(0, true);
    }

    /** Whether anomaly mode is on for this thread. */
    public static boolean isAnomalyDetectionEnabled() {
        return STATE.get()[1];
    }

    /**
     * Anomaly mode: the first op whose output (forward) or input gradient (backward) holds NaN or Inf
     * throws {@link AnomalyException}, naming the op and the line that created it. Costs a scan per op.
     */
    public static Scope detectAnomaly() {
        return set(1, true);
    }

    /**
     * A step scope: every tensor made inside it is recycled when it closes, unless kept, so the next step reuses
     * its buffers (see {@link StepScope}). Reading a recycled tensor throws.
     */
    public static StepScope step() {
        return new StepScope(BufferPool.current());
    }

    /**
     * Exempts t's storage (so t and every view of it) from recycling by the step scope that made it: it then
     * lives as long as something references it. Throws when t was already recycled. Returns t.
     */
    public static Tensor keep(Tensor t) {
        Storage s = t.storage;
        if (s.isRetired()) {
            throw s.recycled();
        }
        s.arena = null; // the arena's list still names it; its close skips storages it no longer owns
        return t;
    }

    /**
     * This thread's switches, [0] recording and [1] anomaly mode, for a per-op path that turns recording off and back
     * on without a scope object or a second thread-local lookup (a primitive's forward).
     */
    static boolean[] modes() {
        return STATE.get();
    }

    private static Scope set(int slot, boolean value) {
        boolean[] s = STATE.get();
        boolean previous = s[slot];
        s[slot] = value;
        return () -> s[slot] = previous;
    }

    /**
     * Gradients of {@code sum(upstream_i * outputs_i)} with respect to {@code inputs}, without touching
     * any {@code .grad()}. An input the outputs do not depend on gets zeros.
     *
     * @param upstream one tensor per output, or {@code null} when every output is a scalar (then 1)
     * @param retainGraph keep the graph for another backward through it
     * @param createGraph record the derivative computation itself, for higher-order gradients
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> upstream,
                                    boolean retainGraph, boolean createGraph) {
        return Tape.gradients(outputs, inputs, upstream, retainGraph, createGraph);
    }

    /** {@link #grad(List, List, List, boolean, boolean)} of a scalar output, graph released. */
    public static List<Tensor> grad(Tensor output, List<Tensor> inputs) {
        return Tape.gradients(List.of(output), inputs, null, false, false);
    }
}
