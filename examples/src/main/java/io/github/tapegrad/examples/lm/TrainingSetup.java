package io.github.tapegrad.examples.lm;

import io.github.tapegrad.examples.UserInputException;
import io.github.tapegrad.examples.cli.CellChoice;
import io.github.tapegrad.examples.cli.Ranges;
import io.github.tapegrad.examples.data.Sampling;
import io.github.tapegrad.examples.data.Vocab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Everything that decides what a time-machine run computes, besides the epoch count and the settings a resumed run
 * may change ({@link RunSettings}): the model, the data (vocabulary and a checksum of the token sequence) and the
 * minibatching. Stored in a checkpoint's metadata, it lets {@code --resume} refuse a checkpoint that would not
 * continue the same run, and lets {@code generate} rebuild the model.
 *
 * <p>Format 2 records the cell by name ({@code cell}: a zoo name or a class name). Format 1, written before any cell
 * could be named, recorded {@code model}: lstm, gru or rnn, read as the cells of those names; or custom, the examples'
 * peephole cell before the zoo's vanilla replaced it with other parameter names, so it is refused.
 *
 * @param vocabTokens the vocabulary's tokens after {@code <unk>}, concatenated (each is one character)
 * @param text        where the text came from, for messages only: the --text path or {@link #BUNDLED_TEXT}
 *                    (the content is compared through the vocabulary and the checksum)
 */
public record TrainingSetup(ModelConfig model, String vocabTokens, long corpusChecksum, Sampling sampling,
                            int batchSize, int numSteps, int maxTokens, long seed, String text) {

    static final String FORMAT = "tapegrad-char-lm/2";
    /** Before cells were named: metadata 'model' instead of 'cell'. */
    static final String FORMAT_1 = "tapegrad-char-lm/1";
    static final String BUNDLED_TEXT = "(the bundled book)";
    private static final String UNRECORDED = "(not recorded)";

    /** The vocabulary rebuilt from {@link #vocabTokens}. */
    public Vocab vocab() {
        List<String> tokens = new ArrayList<>();
        tokens.add(Vocab.UNKNOWN_TOKEN);
        vocabTokens.codePoints().forEach(c -> tokens.add(new String(Character.toChars(c))));
        return Vocab.ofTokens(tokens);
    }

    public static String tokensOf(Vocab vocab) {
        return String.join("", vocab.tokens().subList(1, vocab.size()));
    }

    /** CRC-32 of the token ids, to notice a different text with the same vocabulary. */
    public static long checksum(int[] corpus) {
        CRC32 crc = new CRC32();
        for (int token : corpus) {
            crc.update(token >>> 24);
            crc.update(token >>> 16);
            crc.update(token >>> 8);
            crc.update(token);
        }
        return crc.getValue();
    }

    /** The setup plus the progress so far as checkpoint metadata. */
    public Map<String, String> toMetadata(int epoch, List<Double> perplexities) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("cell", model.cell().name());
        m.put("hidden", Integer.toString(model.hidden()));
        m.put("layers", Integer.toString(model.layers()));
        m.put("init", model.init().label());
        m.put("vocab", vocabTokens);
        m.put("corpus_crc32", Long.toString(corpusChecksum));
        m.put("text", text);
        m.put("sampling", sampling.label());
        m.put("batch_size", Integer.toString(batchSize));
        m.put("num_steps", Integer.toString(numSteps));
        m.put("max_tokens", Integer.toString(maxTokens));
        m.put("seed", Long.toString(seed));
        m.put("epoch", Integer.toString(epoch));
        List<String> values = new ArrayList<>();
        perplexities.forEach(p -> values.add(Double.toString(p)));
        m.put("perplexity", String.join(",", values));
        return m;
    }

    /**
     * Reads a setup back; any missing, malformed or out-of-range entry is a user error naming {@code source} (the
     * sizes are checked like the options that set them, so a doctored file cannot ask for a model that cannot exist).
     */
    public static TrainingSetup fromMetadata(Map<String, String> m, String source) {
        if (!FORMAT.equals(m.get("format")) && !FORMAT_1.equals(m.get("format"))) {
            throw new UserInputException(source + ": not a time-machine checkpoint (metadata 'format' is "
                    + (m.containsKey("format") ? "'" + m.get("format") + "'" : "missing") + ", expected '" + FORMAT
                    + "')");
        }
        CellChoice cell = cell(m, source);
        InitScheme init = InitScheme.byLabel(require(m, "init", source));
        String samplingLabel = require(m, "sampling", source);
        Sampling sampling = samplingLabel.equals("random") ? Sampling.RANDOM
                : samplingLabel.equals("sequential") ? Sampling.SEQUENTIAL : null;
        if (init == null || sampling == null) {
            throw new UserInputException(source + ": unknown init '" + m.get("init") + "' or sampling '"
                    + samplingLabel + "' in the metadata");
        }
        String vocab = require(m, "vocab", source);
        int vocabSize = vocab.codePointCount(0, vocab.length()) + 1;
        if (vocabSize < 2) {
            throw new UserInputException(source + ": malformed metadata (empty vocabulary)");
        }
        ModelConfig config = new ModelConfig(cell, vocabSize, integer(m, "hidden", source, Ranges.MAX_SIZE),
                integer(m, "layers", source, Ranges.MAX_LAYERS), init);
        try {
            return new TrainingSetup(config, vocab, Long.parseLong(require(m, "corpus_crc32", source)), sampling,
                    integer(m, "batch_size", source, Ranges.MAX_SIZE), integer(m, "num_steps", source, Ranges.MAX_SIZE),
                    integer(m, "max_tokens", source, Integer.MAX_VALUE), Long.parseLong(require(m, "seed", source)),
                    m.getOrDefault("text", UNRECORDED));
        } catch (NumberFormatException e) {
            throw new UserInputException(source + ": malformed metadata (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The cell a checkpoint was trained with: format 2's 'cell', or format 1's 'model' (lstm, gru, rnn are the cells of
     * those names). A cell this JVM cannot make (a class not on the classpath) is a user error naming it.
     */
    private static CellChoice cell(Map<String, String> m, String source) {
        if (FORMAT_1.equals(m.get("format"))) {
            String model = require(m, "model", source);
            if (model.equals("custom")) {
                throw new UserInputException(source + ": written with --model custom, the examples' peephole cell "
                        + "before the zoo named it vanilla and renamed its parameters (bias -> bias_ih and bias_hh, "
                        + "peephole_i/f/o -> weight_ci/cf/co), so it is not loaded; train it again with --cell vanilla");
            }
            if (!List.of("lstm", "gru", "rnn").contains(model)) {
                throw new UserInputException(source + ": unknown model '" + model + "' in the metadata (format "
                        + FORMAT_1 + " knew lstm, gru, rnn and custom)");
            }
            return CellChoice.of(model);
        }
        String name = require(m, "cell", source);
        try {
            return CellChoice.of(name);
        } catch (UserInputException e) {
            throw new UserInputException(source + ": trained with cell '" + name + "', which cannot be made here: "
                    + e.getMessage(), e);
        }
    }

    /** The epoch a checkpoint was written after: one recorded perplexity per epoch. */
    public static int epoch(Map<String, String> m, String source) {
        String v = require(m, "epoch", source);
        int epoch;
        try {
            epoch = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UserInputException(source + ": metadata 'epoch' = '" + v + "' is not an integer", e);
        }
        int recorded = perplexities(m, source).size();
        if (epoch != recorded) {
            throw new UserInputException(source + ": malformed metadata ('epoch' is " + epoch + " but " + recorded
                    + " perplexities are recorded)");
        }
        return epoch;
    }

    /** The per-epoch perplexities recorded so far. */
    public static List<Double> perplexities(Map<String, String> m, String source) {
        String joined = require(m, "perplexity", source);
        List<Double> out = new ArrayList<>();
        if (!joined.isEmpty()) {
            try {
                for (String part : joined.split(",")) {
                    out.add(Double.parseDouble(part));
                }
            } catch (NumberFormatException e) {
                throw new UserInputException(source + ": malformed metadata 'perplexity'", e);
            }
        }
        return out;
    }

    /**
     * Throws a user error naming the first setting in which {@code checkpoint} differs from this run's options,
     * phrased with the option that would have to change and both values. These are the options that define the
     * model and the data; see {@link RunSettings} for those a resumed run may change.
     */
    public void requireSameAs(TrainingSetup checkpoint, String source) {
        String[][] pairs = {
            {"--cell", model.cell().name(), checkpoint.model.cell().name()},
            {"--hidden", Integer.toString(model.hidden()), Integer.toString(checkpoint.model.hidden())},
            {"--layers", Integer.toString(model.layers()), Integer.toString(checkpoint.model.layers())},
            {"--init", model.init().label(), checkpoint.model.init().label()},
            {"--sampling", sampling.label(), checkpoint.sampling.label()},
            {"--batch-size", Integer.toString(batchSize), Integer.toString(checkpoint.batchSize)},
            {"--num-steps", Integer.toString(numSteps), Integer.toString(checkpoint.numSteps)},
            {"--max-tokens", Integer.toString(maxTokens), Integer.toString(checkpoint.maxTokens)},
            {"--seed", Long.toString(seed), Long.toString(checkpoint.seed)},
        };
        for (String[] p : pairs) {
            if (!p[1].equals(p[2])) {
                throw new UserInputException(source + ": checkpoint was trained with " + p[0] + " " + p[2]
                        + ", but this run has " + p[0] + " " + p[1]);
            }
        }
        if (!vocabTokens.equals(checkpoint.vocabTokens) || corpusChecksum != checkpoint.corpusChecksum) {
            throw new UserInputException(source + ": checkpoint was trained with --text " + checkpoint.describeText()
                    + ", but this run has --text " + describeText() + "; pass the same --text and --max-tokens");
        }
    }

    private String describeText() {
        return text + " (vocabulary '" + vocabTokens + "', tokens' CRC-32 " + corpusChecksum + ")";
    }

    private static String require(Map<String, String> m, String key, String source) {
        String v = m.get(key);
        if (v == null) {
            throw new UserInputException(source + ": not a complete time-machine checkpoint (metadata '" + key
                    + "' is missing)");
        }
        return v;
    }

    /** A metadata integer in [1, max]. */
    private static int integer(Map<String, String> m, String key, String source, int max) {
        String v = require(m, key, source);
        int value;
        try {
            value = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UserInputException(source + ": metadata '" + key + "' = '" + v + "' is not an integer", e);
        }
        if (value < 1 || value > max) {
            throw new UserInputException(source + ": metadata '" + key + "' = " + value + " is outside [1, " + max
                    + "]");
        }
        return value;
    }
}
