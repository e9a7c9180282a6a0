/**
 * Gradient verification of nn's recurrent cells: autograd (cells run by Recurrent) against the hand-derived
 * reference BPTT, negative controls that prove each check can fail and say where, the public
 * {@code nn.check} API exercised on built-in, user-written and deliberately broken cells, metamorphic
 * properties, and second-order checks.
 */
package io.github.tapegrad.nn.verify;
