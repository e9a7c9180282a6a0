package io.github.tapegrad.nn.reference;

/** Sizes one cell step works with: batch rows, input features of this layer, hidden units. */
record CellShape(int batch, int inputSize, int hiddenSize) {

    int gateRows(int gateCount) {
        return gateCount * hiddenSize;
    }
}
