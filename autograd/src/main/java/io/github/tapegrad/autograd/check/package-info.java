/**
 * Gradient checking as a library feature: analytical gradients against central differences in float64,
 * full Jacobians for small inputs, a random-direction check for large ones, and gradgradcheck. Usable
 * from any test framework.
 */
package io.github.tapegrad.autograd.check;
