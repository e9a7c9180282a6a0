/**
 * Verifying a recurrent cell, its equations and its gradients, from any test framework (no test library
 * needed).
 *
 * <ul>
 *   <li>{@link io.github.tapegrad.nn.check.CellCheck}: the one-call check. It stacks a user's cell with
 *       {@link io.github.tapegrad.nn.Recurrent} over seeded configurations (T, B, I, H, layers), compares
 *       the forward with the author's equations ({@link io.github.tapegrad.nn.check.CellReference}) and with
 *       a base cell ({@link io.github.tapegrad.nn.check.ParameterMap}), autograd's gradients of every
 *       parameter, input and initial state with central differences, checks batch invariance, zero-length
 *       and split sequences, and second order, and shrinks a failure to the smallest configuration that still
 *       fails, with a seed to replay it. Its Javadoc says what each property proves and what it cannot.</li>
 *   <li>{@link io.github.tapegrad.nn.check.CellReference}, {@link io.github.tapegrad.nn.check.ReferenceParameters}
 *       and {@link io.github.tapegrad.nn.check.Ref}: a cell's equations on plain doubles, per element;
 *       {@link io.github.tapegrad.nn.check.ReferenceMismatch}: the step, layer, state tensor and unit where
 *       the forward first leaves them.</li>
 *   <li>{@link io.github.tapegrad.nn.check.GradientDiff} and {@link io.github.tapegrad.nn.check.Attribution}:
 *       the comparison behind it, usable on any two sets of named gradients (e.g. against a hand-derived
 *       BPTT): which tensor differs, which gate block of a packed weight, and the first time step at which
 *       the input gradient dx_t diverges.</li>
 *   <li>{@link io.github.tapegrad.nn.check.RecurrentProblem} and {@link io.github.tapegrad.nn.check.SeededTensors}:
 *       seeded cell inputs, initial states and a linear loss on every output and final state.</li>
 *   <li>{@link io.github.tapegrad.nn.check.Metamorphic}: relations a variant must satisfy whatever the right
 *       answer is: batch invariance, zero-length and split sequences, a variant with zero extra parameters
 *       equals its base cell, and a variant equals its base under a parameter map.</li>
 * </ul>
 * Everything runs in float64; finite differences in float32 measure rounding, not derivatives.
 */
package io.github.tapegrad.nn.check;
