/**
 * Pieces every subcommand of the examples program shares: {@link io.github.tapegrad.examples.cli.CommonOptions}
 * (--seed, --threads, --out), {@link io.github.tapegrad.examples.cli.ErrorReporting} (one-line user errors with
 * exit status 2, stack traces with status 1 for bugs), {@link io.github.tapegrad.examples.cli.VersionInfo} and
 * {@link io.github.tapegrad.examples.cli.Progress}.
 *
 * <p>Progress is written here rather than taken from a library such as me.tongfei:progressbar. That library is
 * built around a terminal line redrawn through JLine; sparse plain lines for a CI log (no terminal, {@code CI=true})
 * would need its custom-consumer and update-interval hooks anyway, and JLine would join the shaded jar, for a need
 * of about 200 lines of code.
 */
package io.github.tapegrad.examples.cli;
