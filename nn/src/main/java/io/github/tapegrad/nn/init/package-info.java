/**
 * Parameter initialisers: PyTorch's defaults (uniform ±1/sqrt(fan) for Linear and recurrent cells,
 * normal(0, 1) for Embedding), Xavier/Glorot and Kaiming/He, d2l's normal(0, 0.01), and the LSTM
 * forget-gate bias option. An {@link io.github.tapegrad.nn.init.Init} makes a fresh tensor from a shape,
 * a dtype and a seeded generator, so a model built twice with one seed has the same weights.
 */
package io.github.tapegrad.nn.init;
