package io.github.tapegrad.examples.cli;

import java.io.Console;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Training progress (e.g. epochs) for two kinds of reader.
 *
 * <ul>
 *   <li>{@link Style#LIVE_LINE}, for a person at a terminal: one line rewritten in place with {@code \r},
 *       at most ten times a second.</li>
 *   <li>{@link Style#LOG_LINES}, for CI logs and redirected output: ordinary lines, one each time another
 *       {@code logStepPercent} of the work is done, plus a heartbeat line if {@code logInterval} passes without one,
 *       so a slow run still shows signs of life and a fast run prints about a dozen lines. Never a {@code \r}.</li>
 * </ul>
 *
 * <p>{@link #update} takes the number of finished units and a free-form status such as {@code "loss 2.31"}.
 * {@link #finish} prints the last state (in log style, unless the last line already showed it) and ends the line;
 * {@link #close} does the same if it was not called.
 */
public final class Progress implements AutoCloseable {

    /** How the progress is drawn. */
    public enum Style {
        LIVE_LINE,
        LOG_LINES;

        /** LIVE_LINE only with a real terminal and no {@code CI} environment variable (GitHub Actions sets CI=true). */
        public static Style detect() {
            return detect(hasTerminal(), System.getenv("CI"));
        }

        /** The decision itself, separated from the environment so it can be tested. */
        public static Style detect(boolean hasTerminal, String ciVariable) {
            boolean ci = ciVariable != null && !ciVariable.isBlank()
                    && !ciVariable.equalsIgnoreCase("false") && !ciVariable.equals("0");
            return hasTerminal && !ci ? LIVE_LINE : LOG_LINES;
        }

        /**
         * {@code System.console() != null} means a terminal up to Java 21; from Java 22 a console object exists
         * even when output is redirected, and {@code Console.isTerminal()} tells the truth, so ask it if present.
         */
        private static boolean hasTerminal() {
            Console console = System.console();
            if (console == null) {
                return false;
            }
            try {
                Method isTerminal = Console.class.getMethod("isTerminal");
                return (Boolean) isTerminal.invoke(console);
            } catch (ReflectiveOperationException e) {
                return true;
            }
        }
    }

    private static final long LIVE_REDRAW_NANOS = Duration.ofMillis(100).toNanos();
    private static final int BAR_WIDTH = 20;

    private final String label;
    private final long total;
    private final PrintWriter out;
    private final Style style;
    private final LongSupplier nanoClock;
    private final int logStepPercent;
    private final long logIntervalNanos;
    private final long startNanos;

    private long done;
    private String status = "";
    private long lastDrawNanos;
    private boolean drawnOnce;
    private int nextLogPercent;
    private int liveLineLength;
    private boolean finished;
    private long lastLoggedDone = -1;
    private String lastLoggedStatus;

    /** Progress over {@code total} units on stdout, style detected, logging every 10% or 30 s. */
    public static Progress start(String label, long total) {
        return new Progress(label, total, System.out, Style.detect(), System::nanoTime, 10, Duration.ofSeconds(30));
    }

    /** Progress on {@code out} (e.g. a command's {@code getOut()} writer), style detected, logging every
     * {@code logStepPercent} percent or 30 s. */
    public static Progress start(String label, long total, PrintWriter out, int logStepPercent) {
        return new Progress(label, total, out, Style.detect(), System::nanoTime, logStepPercent, Duration.ofSeconds(30));
    }

    public Progress(String label, long total, PrintStream out, Style style, LongSupplier nanoClock,
                    int logStepPercent, Duration logInterval) {
        this(label, total, new PrintWriter(out, true), style, nanoClock, logStepPercent, logInterval);
    }

    public Progress(String label, long total, PrintWriter out, Style style, LongSupplier nanoClock,
                    int logStepPercent, Duration logInterval) {
        if (total < 1) {
            throw new IllegalArgumentException("Progress: total " + total + " for '" + label + "' must be >= 1");
        }
        if (logStepPercent < 1 || logStepPercent > 100) {
            throw new IllegalArgumentException("Progress: logStepPercent " + logStepPercent + " outside [1, 100]");
        }
        if (logInterval.isNegative() || logInterval.isZero()) {
            throw new IllegalArgumentException("Progress: logInterval " + logInterval + " must be positive");
        }
        this.label = label;
        this.total = total;
        this.out = out;
        this.style = style;
        this.nanoClock = nanoClock;
        this.logStepPercent = logStepPercent;
        this.logIntervalNanos = logInterval.toNanos();
        this.startNanos = nanoClock.getAsLong();
        this.lastDrawNanos = startNanos;
        this.nextLogPercent = logStepPercent;
    }

    public Style style() {
        return style;
    }

    /** Records that {@code done} of {@code total} units are finished; draws if this style wants a draw now. */
    public void update(long done, String status) {
        if (done < 0 || done > total) {
            throw new IllegalArgumentException("Progress.update: done " + done + " outside [0, " + total + "] for '"
                    + label + "'");
        }
        if (finished) {
            throw new IllegalStateException("Progress.update: '" + label + "' already finished");
        }
        this.done = done;
        this.status = status == null ? "" : status;
        long now = nanoClock.getAsLong();
        if (style == Style.LIVE_LINE) {
            if (!drawnOnce || now - lastDrawNanos >= LIVE_REDRAW_NANOS || done == total) {
                drawLive(now);
            }
        } else {
            int percent = percent();
            if (percent >= nextLogPercent || now - lastDrawNanos >= logIntervalNanos) {
                drawLogLine(now);
                while (nextLogPercent <= percent) {
                    nextLogPercent += logStepPercent;
                }
            }
        }
    }

    /** Draws the final state (with {@code status}, if not null) and ends the line. Idempotent. */
    public void finish(String status) {
        if (finished) {
            return;
        }
        if (status != null) {
            this.status = status;
        }
        long now = nanoClock.getAsLong();
        if (style == Style.LIVE_LINE) {
            drawLive(now);
            out.println();
        } else if (!(done == lastLoggedDone && this.status.equals(lastLoggedStatus))) {
            drawLogLine(now); // a log line, unless the last one already showed this very state
        }
        out.flush();
        finished = true;
    }

    @Override
    public void close() {
        finish(null);
    }

    private void drawLive(long now) {
        String line = render(now, true);
        int padding = Math.max(0, liveLineLength - line.length());
        out.print("\r" + line + " ".repeat(padding));
        out.flush();
        liveLineLength = line.length();
        lastDrawNanos = now;
        drawnOnce = true;
    }

    private void drawLogLine(long now) {
        lastLoggedDone = done;
        lastLoggedStatus = status;
        out.println(render(now, false));
        out.flush();
        lastDrawNanos = now;
        drawnOnce = true;
    }

    private int percent() {
        return (int) (100 * done / total);
    }

    String render(long now, boolean withBar) {
        StringBuilder line = new StringBuilder(label).append(' ').append(done).append('/').append(total);
        if (withBar) {
            int filled = (int) (BAR_WIDTH * done / total);
            line.append(" [").append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append(']');
        }
        line.append(String.format(Locale.ROOT, " %3d%%", percent()));
        if (!status.isEmpty()) {
            line.append("  ").append(status);
        }
        long elapsed = Math.max(0, now - startNanos);
        line.append("  elapsed ").append(clock(elapsed));
        if (done > 0 && done < total) {
            long remaining = (long) ((double) elapsed / done * (total - done));
            line.append("  eta ").append(clock(remaining));
        }
        return line.toString();
    }

    /** h:mm:ss or m:ss. */
    static String clock(long nanos) {
        long seconds = nanos / 1_000_000_000L;
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
