package io.github.tapegrad.examples.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Progress output with a fake clock, so the assertions are about content, never about real time. */
class ProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong();

    private Progress progress(Progress.Style style, long total) {
        return new Progress("epoch", total, out, style, now::get, 10, Duration.ofSeconds(30));
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void logStylePrintsAboutOneLinePerTenPercentAndNoCarriageReturn() {
        try (Progress p = progress(Progress.Style.LOG_LINES, 500)) {
            for (int epoch = 1; epoch <= 500; epoch++) {
                now.addAndGet(Duration.ofMillis(10).toNanos());
                p.update(epoch, "perplexity 1.0");
            }
        }
        String log = output();
        assertFalse(log.contains("\r"));
        String[] lines = log.split("\n");
        // ten lines: closing does not repeat the 100% line the last update already printed
        assertEquals(10, lines.length, log);
        assertTrue(lines[0].startsWith("epoch 50/500  10%  perplexity 1.0  elapsed 0:00  eta 0:04"), lines[0]);
        assertTrue(lines[9].startsWith("epoch 500/500 100%"), lines[9]);
    }

    @Test
    void logStyleAddsHeartbeatsWhenSlow() {
        try (Progress p = progress(Progress.Style.LOG_LINES, 1000)) {
            for (int epoch = 1; epoch <= 20; epoch++) {
                now.addAndGet(Duration.ofSeconds(10).toNanos());
                p.update(epoch, "");
            }
        }
        // 200 s without reaching 10%: a line every 30 s (at 30, 60, ..., 180 s) plus the final one.
        String[] lines = output().split("\n");
        assertEquals(7, lines.length, output());
        assertEquals("epoch 20/1000   2%  elapsed 3:20  eta 2:43:20", lines[6]);
    }

    @Test
    void liveStyleRewritesOneLine() {
        try (Progress p = progress(Progress.Style.LIVE_LINE, 4)) {
            for (int epoch = 1; epoch <= 4; epoch++) {
                now.addAndGet(Duration.ofSeconds(1).toNanos());
                p.update(epoch, epoch == 1 ? "loss 12.345" : "loss 1.2");
            }
        }
        String text = output();
        assertEquals(1, text.chars().filter(c -> c == '\n').count(), "only the final newline");
        assertTrue(text.endsWith("\n"));
        assertTrue(text.startsWith("\repoch 1/4 [#####...............]  25%  loss 12.345"), text);
        String[] draws = text.strip().split("\r");
        assertTrue(draws.length >= 4, text);
        assertTrue(text.contains("epoch 4/4 [####################] 100%  loss 1.2  elapsed 0:04"), text);
    }

    @Test
    void styleDetection() {
        assertEquals(Progress.Style.LIVE_LINE, Progress.Style.detect(true, null));
        assertEquals(Progress.Style.LIVE_LINE, Progress.Style.detect(true, "false"));
        assertEquals(Progress.Style.LOG_LINES, Progress.Style.detect(true, "true"));
        assertEquals(Progress.Style.LOG_LINES, Progress.Style.detect(false, null));
    }

    @Test
    void clockFormat() {
        assertEquals("0:05", Progress.clock(Duration.ofSeconds(5).toNanos()));
        assertEquals("1:01:01", Progress.clock(Duration.ofSeconds(3661).toNanos()));
    }
}
