package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Indices;
import io.github.tapegrad.autograd.Shape;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.init.Init;

import java.util.random.RandomGenerator;

/** A lookup table of rows, as torch.nn.Embedding: weight [num, dim], default init normal(0, 1). */
public final class Embedding extends Module {
    private final int numEmbeddings;
    private final int embeddingDim;
    private final Tensor weight;

    public Embedding(int numEmbeddings, int embeddingDim, DType dtype, RandomGenerator rng) {
        this(numEmbeddings, embeddingDim, dtype, rng, Init.normal(0, 1));
    }

    public Embedding(int numEmbeddings, int embeddingDim, DType dtype, RandomGenerator rng, Init init) {
        if (numEmbeddings <= 0 || embeddingDim <= 0) {
            throw new IllegalArgumentException("Embedding: sizes must be positive, got num=" + numEmbeddings
                    + ", dim=" + embeddingDim);
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.weight = registerParameter("weight",
                init.sample(Shape.of("Embedding weight", numEmbeddings, embeddingDim), dtype, rng));
    }

    /** Indices of any shape S → rows of shape S + [dim]. */
    public Tensor forward(Indices indices) {
        int[] flat = indices.toArray();
        for (int v : flat) {
            if (v < 0 || v >= numEmbeddings) {
                throw new IllegalArgumentException(this + ": index " + v + " out of range [0, " + numEmbeddings
                        + ") in indices " + indices.shape());
            }
        }
        int[] outShape = indices.shape().inserted(indices.shape().rank(), embeddingDim).toArray();
        return weight.indexSelect(0, Indices.of(flat)).reshape(outShape);
    }

    public Tensor weight() {
        return weight;
    }

    public int numEmbeddings() {
        return numEmbeddings;
    }

    public int embeddingDim() {
        return embeddingDim;
    }

    @Override
    public String toString() {
        return "Embedding(" + numEmbeddings + ", " + embeddingDim + ")";
    }
}
