package io.github.tapegrad.nn.checkpoint;

import io.github.tapegrad.nn.checkpoint.JsonValue.JsonArray;
import io.github.tapegrad.nn.checkpoint.JsonValue.JsonInteger;
import io.github.tapegrad.nn.checkpoint.JsonValue.JsonObject;
import io.github.tapegrad.nn.checkpoint.JsonValue.JsonString;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON parser for safetensors headers. It accepts objects, arrays, strings (with
 * all JSON escapes) and integers that fit a long, and refuses everything else — fractions,
 * exponents, {@code true}/{@code false}/{@code null}, duplicate keys, unpaired surrogate escapes,
 * nesting deeper than {@link #MAX_DEPTH} — with a {@link CheckpointException} giving the position.
 */
final class StrictJsonParser {
    /** Headers nest three levels deep; the cap keeps hostile input from overflowing the stack. */
    static final int MAX_DEPTH = 16;

    private final String text;
    private final String sourceName;
    private int pos;
    /** The top-level key being parsed, i.e. the tensor name, so errors inside an entry can name it. */
    private String currentTopLevelKey;

    private StrictJsonParser(String text, String sourceName) {
        this.text = text;
        this.sourceName = sourceName;
    }

    /** Parses one JSON value surrounded by optional whitespace. */
    static JsonValue parse(String text, String sourceName) throws CheckpointException {
        StrictJsonParser p = new StrictJsonParser(text, sourceName);
        p.skipWhitespace();
        JsonValue v = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw p.error("unexpected " + p.describeCurrent() + " after the end of the JSON value");
        }
        return v;
    }

    private JsonValue value(int depth) throws CheckpointException {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
        if (pos >= text.length()) {
            throw error("unexpected end of header, expected a value");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> new JsonString(string());
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield integer();
                }
                if (text.startsWith("true", pos) || text.startsWith("false", pos) || text.startsWith("null", pos)) {
                    throw error("JSON literals true/false/null are not allowed in a safetensors header");
                }
                throw error("unexpected " + describeCurrent() + ", expected a value");
            }
        };
    }

    private JsonObject object(int depth) throws CheckpointException {
        pos++; // '{'
        Map<String, JsonValue> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return new JsonObject(Collections.unmodifiableMap(members));
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("unexpected " + describeCurrent() + ", expected a string key");
            }
            String key = string();
            if (depth == 0) {
                currentTopLevelKey = key;
            }
            if (members.containsKey(key)) {
                throw error(depth == 0 ? "duplicate key: the name appears twice in the header"
                        : "duplicate key '" + key + "'", depth == 0 ? key : currentTopLevelKey);
            }
            skipWhitespace();
            expect(':');
            skipWhitespace();
            members.put(key, value(depth + 1));
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                return new JsonObject(Collections.unmodifiableMap(members));
            } else {
                throw error("unexpected " + describeCurrent() + ", expected ',' or '}'");
            }
        }
    }

    private JsonArray array(int depth) throws CheckpointException {
        pos++; // '['
        List<JsonValue> elements = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return new JsonArray(Collections.unmodifiableList(elements));
        }
        while (true) {
            skipWhitespace();
            elements.add(value(depth + 1));
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                return new JsonArray(Collections.unmodifiableList(elements));
            } else {
                throw error("unexpected " + describeCurrent() + ", expected ',' or ']'");
            }
        }
    }

    private String string() throws CheckpointException {
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            } else if (c == '\\') {
                escape(sb);
            } else if (c < 0x20) {
                pos--;
                throw error("control character U+" + String.format("%04X", (int) c) + " must be escaped in a string");
            } else {
                sb.append(c);
            }
        }
    }

    private void escape(StringBuilder sb) throws CheckpointException {
        if (pos >= text.length()) {
            throw error("unterminated escape sequence");
        }
        char e = text.charAt(pos++);
        switch (e) {
            case '"' -> sb.append('"');
            case '\\' -> sb.append('\\');
            case '/' -> sb.append('/');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'u' -> {
                char unit = hex4();
                if (Character.isHighSurrogate(unit)) {
                    if (!text.startsWith("\\u", pos)) {
                        throw error("unpaired high surrogate escape \\u" + hexOf(unit));
                    }
                    pos += 2;
                    char low = hex4();
                    if (!Character.isLowSurrogate(low)) {
                        throw error("high surrogate escape \\u" + hexOf(unit) + " followed by \\u" + hexOf(low)
                                + ", which is not a low surrogate");
                    }
                    sb.append(unit).append(low);
                } else if (Character.isLowSurrogate(unit)) {
                    throw error("unpaired low surrogate escape \\u" + hexOf(unit));
                } else {
                    sb.append(unit);
                }
            }
            default -> {
                pos--;
                throw error("invalid escape sequence '\\" + e + "'");
            }
        }
    }

    private char hex4() throws CheckpointException {
        if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos), 16);
            // Character.digit also accepts non-ASCII digits; JSON allows only 0-9a-fA-F.
            if (digit < 0 || text.charAt(pos) > 'f') {
                throw error("invalid hex digit " + describeCurrent() + " in \\u escape");
            }
            v = v * 16 + digit;
            pos++;
        }
        return (char) v;
    }

    private JsonInteger integer() throws CheckpointException {
        int start = pos;
        boolean negative = false;
        if (peek() == '-') {
            negative = true;
            pos++;
        }
        char first = peek();
        if (first < '0' || first > '9') {
            throw error("expected a digit after '-'");
        }
        // Accumulate negatively so that Long.MIN_VALUE parses; overflow is detected per digit.
        long acc = 0;
        int digits = 0;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            int d = text.charAt(pos) - '0';
            if (acc < (Long.MIN_VALUE + d) / 10) {
                throw error("integer " + numberTextFrom(start) + " is out of range", start);
            }
            acc = acc * 10 - d;
            pos++;
            digits++;
        }
        if (first == '0' && digits > 1) {
            throw error("integer " + text.substring(start, pos) + " has a leading zero", start);
        }
        char next = peek();
        if (next == '.' || next == 'e' || next == 'E') {
            throw error("number " + numberTextFrom(start) + " has a fraction or exponent; only integers are allowed",
                    start);
        }
        if (!negative) {
            if (acc == Long.MIN_VALUE) {
                throw error("integer " + text.substring(start, pos) + " is out of range", start);
            }
            acc = -acc;
        }
        return new JsonInteger(acc);
    }

    private String numberTextFrom(int start) {
        int end = start;
        while (end < text.length() && end - start < 40 && "+-.eE0123456789".indexOf(text.charAt(end)) >= 0) {
            end++;
        }
        return text.substring(start, end);
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                return;
            }
        }
    }

    private void expect(char c) throws CheckpointException {
        if (peek() != c) {
            throw error("unexpected " + describeCurrent() + ", expected '" + c + "'");
        }
        pos++;
    }

    /** The current char, or U+FFFF at the end (never a valid token start). */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\uFFFF';
    }

    private String describeCurrent() {
        if (pos >= text.length()) {
            return "end of header";
        }
        char c = text.charAt(pos);
        return c >= 0x20 && c < 0x7F ? "'" + c + "'" : "character U+" + hexOf(c);
    }

    private static String hexOf(char c) {
        return String.format("%04X", (int) c);
    }

    private CheckpointException error(String problem) {
        return error(problem, pos);
    }

    private CheckpointException error(String problem, int at) {
        return error(problem, at, currentTopLevelKey);
    }

    private CheckpointException error(String problem, String tensor) {
        return error(problem, pos, tensor);
    }

    private CheckpointException error(String problem, int at, String tensor) {
        return new CheckpointException(sourceName, tensor, "header is not valid JSON at character " + at + ": " + problem);
    }
}
