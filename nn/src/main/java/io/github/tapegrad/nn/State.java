package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A cell's recurrent state, one or more [B, H]-like tensors: (h) for RNN and GRU, (h, c) for LSTM.
 * The first tensor is the hidden output that {@link Recurrent} collects at each step.
 */
public record State(List<Tensor> tensors) {
    public State {
        if (tensors == null || tensors.isEmpty()) {
            throw new IllegalArgumentException("State: needs at least one tensor");
        }
        tensors = List.copyOf(tensors);
    }

    public static State of(Tensor... tensors) {
        return new State(List.of(tensors));
    }

    /** The hidden output: the first tensor. */
    public Tensor h() {
        return tensors.get(0);
    }

    public Tensor get(int i) {
        if (i < 0 || i >= tensors.size()) {
            throw new IllegalArgumentException("State.get: index " + i + " out of range for " + tensors.size()
                    + " tensors");
        }
        return tensors.get(i);
    }

    public int size() {
        return tensors.size();
    }

    /** The same values cut from the graph, for truncated backpropagation through time. */
    public State detach() {
        List<Tensor> out = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) {
            out.add(t.detach());
        }
        return new State(out);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("State(");
        for (int i = 0; i < tensors.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(tensors.get(i).shape());
        }
        return sb.append(')').toString();
    }
}
