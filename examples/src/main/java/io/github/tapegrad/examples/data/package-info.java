/**
 * Text data for the character-level examples, prepared exactly as d2l (v0.17) prepares "The Time Machine".
 *
 * <ul>
 *   <li>{@link io.github.tapegrad.examples.data.TextLines}: bytes to lines; refuses empty, binary and non-UTF-8
 *       input; ignores a UTF-8 BOM and CRLF/CR line ends.</li>
 *   <li>{@link io.github.tapegrad.examples.data.TextCorpus}: per-line cleaning ({@code [^A-Za-z]+} to a space,
 *       strip, lower-case), lines joined without separator, the token indices. The bundled text is read from the
 *       class path only.</li>
 *   <li>{@link io.github.tapegrad.examples.data.Vocab}: {@code <unk>} at 0, then by count; ties keep first
 *       occurrence (the order d2l's Counter plus stable sort gives).</li>
 *   <li>{@link io.github.tapegrad.examples.data.Sampling} and
 *       {@link io.github.tapegrad.examples.data.MinibatchSource}: the sequential-partitioning and random-sampling
 *       iterators, seeded with {@link java.util.Random} so epochs repeat for a given seed. The offsets follow
 *       d2l v0.17 exactly: [0, numSteps] for sequential, [0, numSteps - 1] for random.</li>
 * </ul>
 */
package io.github.tapegrad.examples.data;
