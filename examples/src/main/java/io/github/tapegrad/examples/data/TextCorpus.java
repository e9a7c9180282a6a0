package io.github.tapegrad.examples.data;

import io.github.tapegrad.examples.UserInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A text prepared the way d2l prepares "The Time Machine" for character models
 * ({@code read_time_machine}, {@code tokenize(lines, 'char')}, {@code load_corpus_time_machine}).
 *
 * <p>Each line separately: every run of characters other than A-Z/a-z becomes one space, the ends are stripped,
 * and the line is lower-cased. The corpus is the character indices of all cleaned lines joined with nothing
 * between them (line breaks vanish rather than becoming spaces). The vocabulary is built from the whole text;
 * {@link #corpus(int)} then keeps a prefix, as d2l's {@code max_tokens} does.
 */
public final class TextCorpus {

    /** Class-path location of the bundled Project Gutenberg text (the exact file d2l downloads). */
    public static final String TIME_MACHINE_RESOURCE = "/io/github/tapegrad/examples/timemachine.txt";

    /** d2l trains its character models on the first 10,000 corpus tokens. */
    public static final int D2L_MAX_TOKENS = 10_000;

    private static final Pattern NON_LETTERS = Pattern.compile("[^A-Za-z]+");

    private final String sourceName;
    private final List<String> lines;
    private final Vocab vocab;
    private final int[] corpus;

    private TextCorpus(String sourceName, List<String> rawLines) {
        this.sourceName = sourceName;
        List<String> cleaned = new ArrayList<>(rawLines.size());
        for (String line : rawLines) {
            cleaned.add(cleanLine(line));
        }
        this.lines = List.copyOf(cleaned);
        this.vocab = Vocab.ofCharacters(this.lines);
        int length = 0;
        for (String line : this.lines) {
            length += line.length();
        }
        if (length == 0) {
            throw new UserInputException(sourceName + ": contains no letters A-Z or a-z, so there is nothing to train on");
        }
        this.corpus = new int[length];
        int at = 0;
        for (String line : this.lines) {
            for (int i = 0; i < line.length(); i++) {
                corpus[at++] = vocab.indexOf(line.charAt(i));
            }
        }
    }

    /** The bundled "The Time Machine" by H. G. Wells. */
    public static TextCorpus timeMachine() {
        return new TextCorpus("The Time Machine (bundled)", TextLines.readResource(TIME_MACHINE_RESOURCE));
    }

    /** A user file, e.g. from {@code --text PATH}; problems with it are {@link UserInputException}s. */
    public static TextCorpus fromFile(Path file) {
        String sourceName = "--text " + file;
        return new TextCorpus(sourceName, TextLines.readFile(file, sourceName));
    }

    /** Text already in memory, split into lines like a file would be; {@code sourceName} labels errors. */
    public static TextCorpus fromText(String text, String sourceName) {
        if (text.isEmpty()) {
            throw new UserInputException(sourceName + ": text is empty");
        }
        String withoutBom = text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
        return new TextCorpus(sourceName, TextLines.splitLines(withoutBom));
    }

    /** d2l's per-line cleaning: non-letter runs to one space, strip, lower-case. */
    public static String cleanLine(String line) {
        return NON_LETTERS.matcher(line).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
    }

    /** Where the text came from, for messages. */
    public String sourceName() {
        return sourceName;
    }

    /** Every line after cleaning, empty ones included, so {@code lines().get(i)} is the file's line i. */
    public List<String> lines() {
        return lines;
    }

    /** Number of lines that still contain something after cleaning. */
    public int nonEmptyLineCount() {
        return (int) lines.stream().filter(line -> !line.isEmpty()).count();
    }

    public Vocab vocab() {
        return vocab;
    }

    /** Number of character tokens in the whole text. */
    public int length() {
        return corpus.length;
    }

    /** All token indices (a copy). */
    public int[] corpus() {
        return corpus.clone();
    }

    /** The first {@code min(maxTokens, length())} token indices (a copy). */
    public int[] corpus(int maxTokens) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("TextCorpus.corpus: maxTokens " + maxTokens + " must be >= 1");
        }
        return java.util.Arrays.copyOf(corpus, Math.min(maxTokens, corpus.length));
    }

    /**
     * Minibatches over the first {@code maxTokens} tokens, after checking that they are enough for at least one
     * minibatch whatever random offset is drawn; if not, a {@link UserInputException} names the source, the
     * token count and the requirement.
     */
    public MinibatchSource minibatches(Sampling sampling, int batchSize, int numSteps, int maxTokens, long seed) {
        int[] tokens = corpus(maxTokens);
        long needed = sampling.minimumTokens(batchSize, numSteps);
        if (tokens.length < needed) {
            String used = tokens.length < corpus.length ? " (first " + tokens.length + " of " + corpus.length + ")" : "";
            throw new UserInputException(sourceName + ": yields " + tokens.length + " character tokens" + used
                    + ", but one minibatch of batch size " + batchSize + " x " + numSteps + " steps with "
                    + sampling.label() + " sampling needs at least " + needed);
        }
        return sampling.over(tokens, batchSize, numSteps, seed);
    }

    @Override
    public String toString() {
        return "TextCorpus[" + sourceName + ", " + corpus.length + " tokens, vocab " + vocab.size() + "]";
    }
}
