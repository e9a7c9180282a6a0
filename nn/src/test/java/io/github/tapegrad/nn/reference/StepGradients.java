package io.github.tapegrad.nn.reference;

/** Gradients one backward step sends on: to its input, and to the states of the previous step. */
record StepGradients(double[] dx, double[] dhPrev, double[] dcPrev) {
}
