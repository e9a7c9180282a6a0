package io.github.tapegrad.examples.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** A strict parser for one flat JSON object (string, number, boolean and null values), for checking --json lines. */
final class FlatJson {
    private final String s;
    private int pos;

    private FlatJson(String s) {
        this.s = s;
    }

    /** The members in order; numbers as Double, strings as String, booleans as Boolean, null as null. */
    static Map<String, Object> parse(String line) {
        FlatJson p = new FlatJson(line.strip());
        Map<String, Object> out = new LinkedHashMap<>();
        p.expect('{');
        if (p.peek() != '}') {
            do {
                String key = p.string();
                p.expect(':');
                if (out.containsKey(key)) {
                    throw new IllegalArgumentException("duplicate key " + key + " in " + line);
                }
                out.put(key, p.value());
            } while (p.accept(','));
        }
        p.expect('}');
        if (p.pos != p.s.length()) {
            throw new IllegalArgumentException("trailing text at " + p.pos + " in " + line);
        }
        return out;
    }

    private Object value() {
        char c = peek();
        if (c == '"') {
            return string();
        }
        for (String word : new String[] {"true", "false", "null"}) {
            if (s.startsWith(word, pos)) {
                pos += word.length();
                return word.equals("null") ? null : Boolean.valueOf(word);
            }
        }
        int start = pos;
        while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
        return Double.parseDouble(s.substring(start, pos));
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (s.charAt(pos) != '"') {
            char c = s.charAt(pos++);
            if (c == '\\') {
                char e = s.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
        pos++;
        return sb.toString();
    }

    private char peek() {
        if (pos >= s.length()) {
            throw new IllegalArgumentException("unexpected end of " + s);
        }
        return s.charAt(pos);
    }

    private boolean accept(char c) {
        if (pos < s.length() && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!accept(c)) {
            throw new IllegalArgumentException("expected '" + c + "' at " + pos + " in " + s);
        }
    }
}
