/**
 * Pieces every subcommand of the examples program shares: {@link io.github.tapegrad.examples.cli.CommonOptions}
 * (--seed, --threads, --out), {@link io.github.tapegrad.examples.cli.ErrorReporting} (one line on stderr for every
 * failure but a bug, with the statuses of {@link io.github.tapegrad.examples.cli.ExitCodes}: 2 bad input, 3 out of
 * memory, 74 a failed read or write; stack traces with status 1 for bugs), the checks a command runs before it does
 * any work ({@link io.github.tapegrad.examples.cli.Ranges} for option values,
 * {@link io.github.tapegrad.examples.cli.InputFiles} for files the user names,
 * {@link io.github.tapegrad.examples.cli.SizeCheck} with
 * {@link io.github.tapegrad.examples.cli.RecurrentFootprint} for tensor sizes and memory),
 * {@link io.github.tapegrad.examples.cli.VersionInfo} and {@link io.github.tapegrad.examples.cli.Progress}.
 *
 * <p>Progress is written here rather than taken from a library such as me.tongfei:progressbar. That library is
 * built around a terminal line redrawn through JLine; sparse plain lines for a CI log (no terminal, {@code CI=true})
 * would need its custom-consumer and update-interval hooks anyway, and JLine would join the shaded jar, for a need
 * of about 200 lines of code.
 */
package io.github.tapegrad.examples.cli;
