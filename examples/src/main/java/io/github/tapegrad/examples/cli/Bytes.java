package io.github.tapegrad.examples.cli;

import java.util.Locale;

/** Byte counts for messages, in binary units as -Xmx takes them ({@code 6g} is 6.0 GiB). */
public final class Bytes {
    private static final String[] UNITS = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Bytes() {
    }

    /** E.g. {@code 512 bytes}, {@code 3.2 GiB}; doubles so that sums of huge sizes cannot overflow. */
    public static String human(double bytes) {
        if (bytes < 1024) {
            return String.format(Locale.ROOT, "%.0f bytes", bytes);
        }
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** The heap the JVM may grow to, e.g. {@code 6.0 GiB}. */
    public static String maxHeap() {
        long max = Runtime.getRuntime().maxMemory();
        return max == Long.MAX_VALUE ? "unlimited" : human(max);
    }
}
