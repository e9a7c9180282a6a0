package io.github.tapegrad.examples.plot;

import java.awt.Color;

/**
 * Colors that stay apart for readers with color-vision deficiencies: Okabe and Ito's palette (2008) in an order
 * that keeps the first few far apart, its yellow darkened to show on white. Index {@code i} wraps around.
 */
public final class Palette {
    private static final Color[] COLORS = {
        new Color(0x0072B2), // blue
        new Color(0xD55E00), // vermillion
        new Color(0x009E73), // bluish green
        new Color(0xCC79A7), // reddish purple
        new Color(0xE69F00), // orange
        new Color(0x56B4E9), // sky blue
        new Color(0x000000), // black
        new Color(0xB8A000), // yellow, darkened
    };

    private Palette() {
    }

    /** The {@code i}-th color ({@code i >= 0}), wrapping after {@link #size()}. */
    public static Color color(int i) {
        return COLORS[Math.floorMod(i, COLORS.length)];
    }

    /** The {@code i}-th color with the given opacity (0 to 255), for markers that overlap. */
    public static Color color(int i, int alpha) {
        Color c = color(i);
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    public static int size() {
        return COLORS.length;
    }
}
