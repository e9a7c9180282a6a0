package io.github.tapegrad.nn.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The content of one checkpoint: named tensors and string metadata.
 *
 * <p>Both maps are copied into unmodifiable insertion-ordered maps. A file read from disk lists its
 * tensors in data-section order. Names and metadata must be well-formed Unicode (no unpaired
 * surrogates), since the header is UTF-8 JSON; {@code "__metadata__"} is reserved and cannot
 * name a tensor.
 *
 * @param tensors the tensors by name
 * @param metadata free-form string metadata (e.g. step count, configuration); may be empty
 */
public record SafeTensorsFile(Map<String, TensorData> tensors, Map<String, String> metadata) {

    /** The header key safetensors reserves for the metadata object. */
    public static final String METADATA_KEY = "__metadata__";

    public SafeTensorsFile {
        Objects.requireNonNull(tensors, "tensors");
        Objects.requireNonNull(metadata, "metadata");
        Map<String, TensorData> tensorCopy = new LinkedHashMap<>();
        for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
            String name = e.getKey();
            requireWellFormed("tensor name", name);
            if (name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("SafeTensorsFile: tensor name '" + METADATA_KEY + "' is reserved");
            }
            tensorCopy.put(name, Objects.requireNonNull(e.getValue(), () -> "SafeTensorsFile: tensor '" + name + "' is null"));
        }
        Map<String, String> metadataCopy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            requireWellFormed("metadata key", e.getKey());
            requireWellFormed("metadata value for '" + e.getKey() + "'", e.getValue());
            metadataCopy.put(e.getKey(), e.getValue());
        }
        tensors = Collections.unmodifiableMap(tensorCopy);
        metadata = Collections.unmodifiableMap(metadataCopy);
    }

    /** Tensors only, no metadata. */
    public static SafeTensorsFile ofTensors(Map<String, TensorData> tensors) {
        return new SafeTensorsFile(tensors, Map.of());
    }

    private static void requireWellFormed(String what, String s) {
        if (s == null) {
            throw new IllegalArgumentException("SafeTensorsFile: " + what + " is null");
        }
        int bad = firstUnpairedSurrogate(s);
        if (bad >= 0) {
            throw new IllegalArgumentException("SafeTensorsFile: " + what + " '" + s.replace(s.charAt(bad), '?')
                    + "' has an unpaired surrogate at index " + bad + " and cannot be written as UTF-8");
        }
    }

    /** Index of the first unpaired surrogate char, or -1 if the string is well-formed UTF-16. */
    static int firstUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
