package io.github.tapegrad.examples.lm;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The recurrent layer of a character model, as chosen with {@code --model}. */
public enum ModelKind {
    LSTM("lstm"),
    GRU("gru"),
    RNN("rnn"),
    /** The examples' own {@link io.github.tapegrad.examples.customcell.PeepholeLSTMCell}. */
    CUSTOM("custom");

    private final String label;

    ModelKind(String label) {
        this.label = label;
    }

    /** The command-line and checkpoint name. */
    public String label() {
        return label;
    }

    /** The kind named {@code label} (case-insensitive), or null. */
    public static ModelKind byLabel(String label) {
        for (ModelKind kind : values()) {
            if (kind.label.equals(label.toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        return null;
    }

    public static String labels() {
        return Arrays.stream(values()).map(ModelKind::label).collect(Collectors.joining(", "));
    }

    /** picocli converter: an unknown name becomes a one-line usage error listing the choices. */
    public static final class Converter implements ITypeConverter<ModelKind> {
        @Override
        public ModelKind convert(String value) {
            ModelKind kind = byLabel(value);
            if (kind == null) {
                throw new TypeConversionException("unknown model '" + value + "'; choose one of " + labels());
            }
            return kind;
        }
    }
}
