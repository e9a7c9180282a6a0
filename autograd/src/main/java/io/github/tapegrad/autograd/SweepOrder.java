package io.github.tapegrad.autograd;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The nodes one sweep visits, latest first: a depth-first walk from the roots, then a sort by tape position
 * (reverse tape order is reverse topological order). Nodes are marked with the walk's number instead of being
 * put in a set, and the arrays are the thread's from sweep to sweep: a sweep over a thousand nodes made
 * tens of kilobytes of hash tables, lists and sort buffers per training step before.
 */
final class SweepOrder {
    private static final AtomicLong WALKS = new AtomicLong();
    /** One idle instance per thread (a sweep that starts while another runs on the thread makes its own). */
    private static final ThreadLocal<SweepOrder> IDLE = new ThreadLocal<>();

    private Node[] nodes = new Node[64];
    private int size;
    private Node[] stack = new Node[64];

    private SweepOrder() {
    }

    /** The nodes reachable from the roots; a released node or a recycled input is an error. */
    static SweepOrder of(List<Tensor> roots) {
        SweepOrder o = IDLE.get();
        if (o == null) {
            o = new SweepOrder();
        } else {
            IDLE.set(null);
        }
        o.walk(roots);
        return o;
    }

    int size() {
        return size;
    }

    Node get(int i) {
        return nodes[i];
    }

    /** Done with the order: the thread may reuse the arrays. */
    void release() {
        java.util.Arrays.fill(nodes, 0, size, null);
        size = 0;
        IDLE.set(this);
    }

    private void walk(List<Tensor> roots) {
        long walk = WALKS.incrementAndGet();
        int top = 0;
        for (Tensor r : roots) {
            Node n = r.node();
            if (n != null && n.walk != walk) {
                n.walk = walk;
                stack = grow(stack, top);
                stack[top++] = n;
            }
        }
        while (top > 0) {
            Node n = stack[--top];
            stack[top] = null;
            if (n.released) {
                throw new IllegalStateException("backward: the graph through " + n.op + " was already released by an"
                        + " earlier backward; pass retainGraph=true to the first backward to go through it twice");
            }
            nodes = grow(nodes, size);
            nodes[size++] = n;
            for (Tensor in : n.inputs) {
                if (in.storage.isRetired()) {
                    throw Tape.notInScope("backward", "an input of " + n.op, in.storage);
                }
                Node m = in.node();
                if (m != null && m.walk != walk) {
                    m.walk = walk;
                    stack = grow(stack, top);
                    stack[top++] = m;
                }
            }
        }
        sortLatestFirst();
    }

    private static Node[] grow(Node[] a, int used) {
        return used < a.length ? a : java.util.Arrays.copyOf(a, 2 * a.length);
    }

    /** Heapsort on a min-heap of positions: each minimum moves to the end, so the array ends latest first. */
    private void sortLatestFirst() {
        for (int i = size / 2 - 1; i >= 0; i--) {
            siftDown(i, size);
        }
        for (int end = size - 1; end > 0; end--) {
            Node min = nodes[0];
            nodes[0] = nodes[end];
            nodes[end] = min;
            siftDown(0, end);
        }
    }

    private void siftDown(int i, int n) {
        Node x = nodes[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && nodes[child + 1].seq < nodes[child].seq) {
                child++;
            }
            if (nodes[child].seq >= x.seq) {
                break;
            }
            nodes[i] = nodes[child];
            i = child;
        }
        nodes[i] = x;
    }
}
