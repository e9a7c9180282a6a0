package io.github.tapegrad.examples.cli;

import io.github.tapegrad.examples.UserInputException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/**
 * The valid range of every numeric option, checked before a command does any work. Integers are checked by the
 * command ({@link #between}); real numbers by the converters below, which still see the text as typed, so
 * {@code --clip 1e400} is reported as typed rather than as the Infinity it parses to.
 */
public final class Ranges {

    /**
     * Upper bound of a size option (hidden size, batch, steps, vocabulary): far above what fits a heap for the
     * products that matter, it only keeps the size arithmetic in range; {@link SizeCheck} judges real fits.
     */
    public static final int MAX_SIZE = 1 << 20;

    /** Upper bound of --layers: deeper stacks are no experiment a char model on one CPU would run. */
    public static final int MAX_LAYERS = 1024;

    private Ranges() {
    }

    /** {@code value} if {@code lo <= value <= hi}, else a user error naming the option and the range. */
    public static int between(String option, int value, int lo, int hi) {
        if (value < lo || value > hi) {
            throw new UserInputException(option + " " + value + ": " + describe(lo, hi));
        }
        return value;
    }

    static String describe(long lo, long hi) {
        return hi == Integer.MAX_VALUE ? "must be at least " + lo
                : String.format(Locale.ROOT, "must be between %d and %d", lo, hi);
    }

    /** Parses a real number the way picocli would, refusing NaN and infinities (also from overflow, 1e400). */
    static double finite(String text) {
        double value;
        try {
            value = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not a number");
        }
        if (!Double.isFinite(value)) {
            throw new TypeConversionException("'" + text + "' is not a finite number");
        }
        return value;
    }

    /** A finite real number > 0: learning rates, clipping thresholds. */
    public static final class Positive implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            double value = finite(text);
            if (!(value > 0)) {
                throw new TypeConversionException("'" + text + "' must be a finite number > 0");
            }
            return value;
        }
    }

    /** A finite real number >= 0: the sampling temperature, where 0 means greedy. */
    public static final class NonNegative implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            double value = finite(text);
            if (!(value >= 0)) {
                throw new TypeConversionException("'" + text + "' must be a finite number >= 0");
            }
            return value;
        }
    }
}
