package io.github.tapegrad.autograd;

/**
 * How many in-place writes a storage has had. Tensors that alias one array (reshape, detach, a rank-0
 * sum) share one counter, so a write through any of them is seen by the nodes that saved another;
 * a node records the value when it saves a tensor and the sweep compares before running the rule.
 * A plain field, not atomic: tensors are not shared across threads while they are written.
 */
final class Version {
    private int value;

    int get() {
        return value;
    }

    void bump() {
        value++;
    }
}
