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
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
