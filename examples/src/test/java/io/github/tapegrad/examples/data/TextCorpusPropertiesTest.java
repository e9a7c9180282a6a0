package io.github.tapegrad.examples.data;

import io.github.tapegrad.examples.UserInputException;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

class TextCorpusPropertiesTest {

    private static final String ALPHABET = "abcXYZ ,.!-1\t";

    /** Short lines drawn from a small alphabet, so letters repeat and counts tie often. */
    private static Gen<List<String>> lines() {
        Gen<String> line = lists().of(integers().between(0, ALPHABET.length() - 1)).ofSizeBetween(0, 12)
                .map(indices -> {
                    StringBuilder s = new StringBuilder();
                    indices.forEach(i -> s.append(ALPHABET.charAt(i)));
                    return s.toString();
                });
        return lists().of(line).ofSizeBetween(1, 8);
    }

    private static TextCorpus parse(String text) {
        try {
            return TextCorpus.fromText(text, "generated");
        } catch (UserInputException noLetters) {
            return null;
        }
    }

    @Test
    void lineEndingsAndBomDoNotMatter() {
        qt().withExamples(300).forAll(lines()).checkAssert(lines -> {
            String lf = String.join("\n", lines) + "\n";
            List<String> variants = List.of(String.join("\r\n", lines), String.join("\r", lines) + "\r",
                    "\uFEFF" + String.join("\r\n", lines) + "\r\n");
            TextCorpus reference = parse(lf);
            for (String variant : variants) {
                TextCorpus other = parse(variant);
                if ((reference == null) != (other == null)
                        || reference != null && !Arrays.equals(reference.corpus(), other.corpus())) {
                    throw new AssertionError("corpus differs for " + variant.replace("\r", "\\r").replace("\n", "\\n"));
                }
            }
            List<String> fromLf = TextLines.parse(lf.getBytes(StandardCharsets.UTF_8), "lf");
            List<String> fromBom = TextLines.parse(("\uFEFF" + lf).getBytes(StandardCharsets.UTF_8), "bom");
            if (!fromLf.equals(lines) || !fromBom.equals(lines)) {
                throw new AssertionError("raw lines changed: " + lines + " -> " + fromLf + " / " + fromBom);
            }
        });
    }

    @Test
    void vocabularyIsConsistentWithTheCorpus() {
        qt().withExamples(300).forAll(lines()).checkAssert(lines -> {
            TextCorpus corpus = parse(String.join("\n", lines));
            if (corpus == null) {
                return;
            }
            Vocab vocab = corpus.vocab();
            long[] seen = new long[vocab.size()];
            for (int index : corpus.corpus()) {
                seen[index]++;
            }
            for (int i = 1; i < vocab.size(); i++) {
                if (seen[i] != vocab.count(i)) {
                    throw new AssertionError("count of '" + vocab.token(i) + "' " + vocab.count(i) + " != " + seen[i]);
                }
                if (i > 1 && vocab.count(i) > vocab.count(i - 1)) {
                    throw new AssertionError("not sorted by count: " + vocab);
                }
                char c = vocab.token(i).charAt(0);
                if (c != ' ' && (c < 'a' || c > 'z')) {
                    throw new AssertionError("unexpected token '" + c + "'");
                }
            }
            if (seen[Vocab.UNKNOWN_INDEX] != 0) {
                throw new AssertionError("<unk> in corpus");
            }
            String joined = String.join("", corpus.lines());
            if (!vocab.decode(corpus.corpus()).equals(joined)) {
                throw new AssertionError("decode(corpus) != joined lines");
            }
        });
    }
}
