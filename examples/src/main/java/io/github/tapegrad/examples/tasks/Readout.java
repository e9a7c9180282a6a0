package io.github.tapegrad.examples.tasks;

/** Where a task reads the recurrent network's answer. */
public enum Readout {
    /**
     * One prediction per sequence from the last layer's final hidden state: the forward direction's after each
     * sequence's own last step, concatenated, when bidirectional, with the reverse direction's after step 0.
     * Predictions [B, outputs].
     */
    FINAL_STATE,
    /** One prediction per step from the last layer's outputs (both directions' when bidirectional): [T·B, outputs],
     * row t·B + b, padded steps included (a task's loss masks them out). */
    EVERY_STEP
}
