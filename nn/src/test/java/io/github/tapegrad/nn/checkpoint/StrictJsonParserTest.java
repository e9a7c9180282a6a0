package io.github.tapegrad.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tapegrad.nn.checkpoint.JsonValue.JsonArray;
import io.github.tapegrad.nn.checkpoint.JsonValue.JsonInteger;
import io.github.tapegrad.nn.checkpoint.JsonValue.JsonObject;
import io.github.tapegrad.nn.checkpoint.JsonValue.JsonString;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrictJsonParserTest {
    private static JsonValue parse(String s) throws CheckpointException {
        return StrictJsonParser.parse(s, "test.json");
    }

    @Test
    void parsesTheSupportedSubset() throws CheckpointException {
        JsonValue v = parse(" {\"a\" : [1, -2, 0, [ ]], \"b\":{}, \"c\":\"x\"}\t\r\n ");
        assertEquals(new JsonObject(Map.of(
                "a", new JsonArray(List.of(new JsonInteger(1), new JsonInteger(-2), new JsonInteger(0), new JsonArray(List.of()))),
                "b", new JsonObject(Map.of()),
                "c", new JsonString("x"))), v);
        assertEquals(List.of("a", "b", "c"), List.copyOf(((JsonObject) v).members().keySet()), "document order");
    }

    @Test
    void decodesEveryEscape() throws CheckpointException {
        assertEquals(new JsonString("\" \\ / \b \f \n \r \t \u00e9 \uD83D\uDE00 \u0000"),
                parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00E9 \\ud83d\\ude00 \\u0000\""));
    }

    @Test
    void integersCoverTheLongRangeAndNoMore() throws CheckpointException {
        assertEquals(new JsonInteger(Long.MAX_VALUE), parse("9223372036854775807"));
        assertEquals(new JsonInteger(Long.MIN_VALUE), parse("-9223372036854775808"));
        assertThrows(CheckpointException.class, () -> parse("9223372036854775808"));
        assertThrows(CheckpointException.class, () -> parse("-9223372036854775809"));
        assertThrows(CheckpointException.class, () -> parse("-"));
        assertThrows(CheckpointException.class, () -> parse("00"));
        assertThrows(CheckpointException.class, () -> parse("+1"));
    }

    @Test
    void refusesWithThePositionAndTheReason() {
        CheckpointException e = assertThrows(CheckpointException.class, () -> parse("[1, 2.5]"));
        assertEquals("checkpoint test.json: header is not valid JSON at character 4: number 2.5 has a fraction or"
                + " exponent; only integers are allowed", e.getMessage());
        for (String bad : new String[] {"", " ", "[", "[1 2]", "\"abc", "\"\\u12\"", "\"\\u12G4\"", "\"\\u٠٠٠٠\"",
            "\"\\ud800\\u0041\"", "{\"a\"}", "{1:2}", "false", "NaN", "[]]", "\"a\"\"b\""}) {
            assertThrows(CheckpointException.class, () -> parse(bad), bad);
        }
    }

    @Test
    void nestingIsCapped() throws CheckpointException {
        int ok = StrictJsonParser.MAX_DEPTH;
        assertTrue(parse("[".repeat(ok) + "]".repeat(ok)) instanceof JsonArray);
        assertThrows(CheckpointException.class, () -> parse("[".repeat(ok + 2) + "]".repeat(ok + 2)));
    }
}
