package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.Tensor;

import java.util.Objects;

/**
 * A named trainable tensor: a leaf that requires grad. Its storage is the one mutable thing in a model:
 * optimizers update it in place under {@code Grad.off()} ({@code copy_}, {@code add_}, {@code mul_}), so
 * every holder of the tensor sees the new values.
 *
 * @param name the state-dict key ({@code weight} inside its module, {@code layers.0.weight} from a parent)
 * @param tensor the leaf holding the values
 */
public record Parameter(String name, Tensor tensor) {
    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tensor, "tensor");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("Parameter: empty name for " + tensor.shape() + " " + tensor.dtype());
        }
        if (!tensor.isLeaf()) {
            throw new IllegalArgumentException("Parameter " + name + ": " + tensor.shape() + " " + tensor.dtype()
                    + " was made by a recorded op; a parameter must be a leaf (use detach())");
        }
        if (!tensor.requiresGrad()) {
            throw new IllegalArgumentException("Parameter " + name + ": " + tensor.shape() + " " + tensor.dtype()
                    + " does not require grad; call requiresGrad_(true) first");
        }
    }

    /** Marks {@code tensor} as requiring grad and names it. */
    public static Parameter of(String name, Tensor tensor) {
        if (tensor.isLeaf() && !tensor.requiresGrad()) {
            tensor.requiresGrad_(true);
        }
        return new Parameter(name, tensor);
    }

    /** The accumulated gradient, or null before any backward. */
    public Tensor grad() {
        return tensor.grad();
    }
}
