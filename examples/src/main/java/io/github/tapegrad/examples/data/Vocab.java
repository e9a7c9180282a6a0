package io.github.tapegrad.examples.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Character vocabulary built like d2l's {@code Vocab(tokens)} with no reserved tokens and {@code min_freq = 0}.
 *
 * <p>Index 0 is {@code <unk>}; the other tokens follow by count, most frequent first. Equal counts keep the
 * order in which the characters first appear in the text: d2l counts with a {@code collections.Counter}
 * (which remembers first insertion) and sorts it with Python's stable sort, so this is the same order d2l
 * produces. Tokens are one-character strings, except {@code <unk>}.
 */
public final class Vocab {

    public static final int UNKNOWN_INDEX = 0;
    public static final String UNKNOWN_TOKEN = "<unk>";

    private final List<String> indexToToken;
    private final long[] counts;
    private final Map<Character, Integer> charToIndex;

    private Vocab(List<String> indexToToken, long[] counts) {
        this.indexToToken = List.copyOf(indexToToken);
        this.counts = counts.clone();
        Map<Character, Integer> index = new HashMap<>();
        for (int i = 1; i < indexToToken.size(); i++) {
            index.put(indexToToken.get(i).charAt(0), i);
        }
        this.charToIndex = Map.copyOf(index);
    }

    /** Counts every character of every line and orders them as described in the class comment. */
    public static Vocab ofCharacters(List<String> lines) {
        Map<Character, long[]> countsInFirstSeenOrder = new LinkedHashMap<>();
        for (String line : lines) {
            for (int i = 0; i < line.length(); i++) {
                countsInFirstSeenOrder.computeIfAbsent(line.charAt(i), c -> new long[1])[0]++;
            }
        }
        List<Map.Entry<Character, long[]>> entries = new ArrayList<>(countsInFirstSeenOrder.entrySet());
        // List.sort is stable, which is what keeps first-seen order among equal counts.
        entries.sort(Comparator.comparingLong((Map.Entry<Character, long[]> e) -> e.getValue()[0]).reversed());
        List<String> tokens = new ArrayList<>();
        long[] counts = new long[entries.size() + 1];
        tokens.add(UNKNOWN_TOKEN);
        for (Map.Entry<Character, long[]> e : entries) {
            counts[tokens.size()] = e.getValue()[0];
            tokens.add(String.valueOf(e.getKey()));
        }
        return new Vocab(tokens, counts);
    }

    /**
     * A vocabulary with the given tokens in index order, e.g. as saved in a checkpoint: {@code <unk>} first, then
     * distinct one-character tokens. Counts are unknown and reported as 0.
     */
    public static Vocab ofTokens(List<String> tokens) {
        if (tokens.isEmpty() || !tokens.get(0).equals(UNKNOWN_TOKEN)) {
            throw new IllegalArgumentException("Vocab.ofTokens: first token must be " + UNKNOWN_TOKEN + ", got " + tokens);
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String token : tokens.subList(1, tokens.size())) {
            if (token.length() != 1 || !seen.add(token)) {
                throw new IllegalArgumentException("Vocab.ofTokens: token '" + token
                        + "' is not a distinct single character in " + tokens);
            }
        }
        return new Vocab(tokens, new long[tokens.size()]);
    }

    /** Number of tokens including {@code <unk>}. */
    public int size() {
        return indexToToken.size();
    }

    /** Index of a character, or {@link #UNKNOWN_INDEX} if the text never contained it. */
    public int indexOf(char c) {
        return charToIndex.getOrDefault(c, UNKNOWN_INDEX);
    }

    /** The token at {@code index}: a one-character string, or {@code <unk>} for index 0. */
    public String token(int index) {
        if (index < 0 || index >= size()) {
            throw new IllegalArgumentException("Vocab.token: index " + index + " outside [0, " + size() + ")");
        }
        return indexToToken.get(index);
    }

    /** All tokens in index order (unmodifiable). */
    public List<String> tokens() {
        return indexToToken;
    }

    /** How often the token at {@code index} occurred in the text the vocabulary was built from (0 for unk). */
    public long count(int index) {
        if (index < 0 || index >= size()) {
            throw new IllegalArgumentException("Vocab.count: index " + index + " outside [0, " + size() + ")");
        }
        return counts[index];
    }

    /** Indices of the characters of {@code text}; unknown characters map to {@link #UNKNOWN_INDEX}. */
    public int[] encode(String text) {
        int[] indices = new int[text.length()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = indexOf(text.charAt(i));
        }
        return indices;
    }

    /** Joins the tokens of {@code indices}; index 0 becomes the literal {@code <unk>}. */
    public String decode(int[] indices) {
        StringBuilder text = new StringBuilder(indices.length);
        for (int index : indices) {
            text.append(token(index));
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return "Vocab" + Collections.unmodifiableList(indexToToken);
    }
}
