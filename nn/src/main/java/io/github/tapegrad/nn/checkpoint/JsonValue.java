package io.github.tapegrad.nn.checkpoint;

import java.util.List;
import java.util.Map;

/** The subset of JSON a safetensors header uses: objects, arrays, strings and integers. */
sealed interface JsonValue {

    /** Members in document order; keys are unique (the parser refuses duplicates). */
    record JsonObject(Map<String, JsonValue> members) implements JsonValue {
    }

    record JsonArray(List<JsonValue> elements) implements JsonValue {
    }

    record JsonString(String value) implements JsonValue {
    }

    record JsonInteger(long value) implements JsonValue {
    }

    /** Short name of the JSON kind, for error messages. */
    static String kindOf(JsonValue v) {
        if (v instanceof JsonObject) {
            return "an object";
        } else if (v instanceof JsonArray) {
            return "an array";
        } else if (v instanceof JsonString) {
            return "a string";
        } else {
            return "an integer";
        }
    }
}
