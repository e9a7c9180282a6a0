package io.github.tapegrad.examples.bench;

/** Just enough JSON writing for one-line results: members with string or number values. */
final class Json {
    private Json() {
    }

    static String member(String name, String value) {
        return quote(name) + ":" + (value == null ? "null" : quote(value));
    }

    static String member(String name, double value) {
        return quote(name) + ":" + number(value);
    }

    static String member(String name, long value) {
        return quote(name) + ":" + value;
    }

    static String member(String name, boolean value) {
        return quote(name) + ":" + value;
    }

    /** A finite number as is; NaN and infinities (not JSON) as null. */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return "null";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    static String quote(String s) {
        return io.github.tapegrad.examples.study.JsonText.write(s); // one JSON string escaper in the examples
    }
}
