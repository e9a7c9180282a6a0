package io.github.tapegrad.examples.lm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small training texts for the end-to-end tests. */
final class TestTexts {
    private TestTexts() {
    }

    /** A short, very repetitive text: a model learns it within a few epochs. */
    static Path repetitive(Path dir) throws IOException {
        Path file = dir.resolve("fox.txt");
        Files.writeString(file, "The quick brown fox jumps over the lazy dog.\n".repeat(40));
        return file;
    }

    /** Options for a tiny, fast run on {@code text}; {@code more} adds options or overrides these defaults. */
    static String[] tiny(Path text, Path out, String... more) {
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        options.put("--text", text.toString());
        options.put("--out", out.toString());
        options.put("--hidden", "16");
        options.put("--batch-size", "4");
        options.put("--num-steps", "8");
        options.put("--threads", "1");
        for (int i = 0; i + 1 < more.length; i += 2) {
            options.put(more[i], more[i + 1]);
        }
        java.util.List<String> args = new java.util.ArrayList<>();
        options.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return args.toArray(new String[0]);
    }
}
