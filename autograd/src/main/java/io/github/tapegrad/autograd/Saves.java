package io.github.tapegrad.autograd;

/**
 * Which of an op's tensors its derivative rule reads (a bit per input, one for the output), passed to
 * {@link Tape#record}: the node keeps their storage versions, and the sweep refuses to run the rule on
 * values changed in place since. Ops whose rule needs only shapes (add, reshape, sum, ...) save nothing.
 */
final class Saves {
    private Saves() {
    }

    static final int NOTHING = 0;
    static final int INPUT0 = 1;
    static final int INPUT1 = 1 << 1;
    static final int INPUT2 = 1 << 2;
    static final int OUTPUT = 1 << 31;
    /** Every input (up to 31), not the output. */
    static final int INPUTS = ~OUTPUT;

    /** {@code bits} when {@code needed} (a rule reads the tensor only for a gradient someone needs), else nothing. */
    static int when(boolean needed, int bits) {
        return needed ? bits : NOTHING;
    }
}
