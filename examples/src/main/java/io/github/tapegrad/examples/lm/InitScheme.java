package io.github.tapegrad.examples.lm;

import io.github.tapegrad.nn.init.Init;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/** How a character model's parameters start, as chosen with {@code --init}. */
public enum InitScheme {
    /** PyTorch's defaults (uniform ±1/sqrt(fan)), which d2l's concise models get from torch.nn. */
    PYTORCH("pytorch"),
    /** d2l's from-scratch models: weights normal(0, 0.01), biases zero. */
    D2L("d2l");

    private final String label;

    InitScheme(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Initialiser of weights whose fan (hidden size or input features) is {@code fan}. */
    public Init weights(int fan) {
        return this == PYTORCH ? Init.pytorchDefault(fan) : Init.normal(0, 0.01);
    }

    public Init biases(int fan) {
        return this == PYTORCH ? Init.pytorchDefault(fan) : Init.zeros();
    }

    public static InitScheme byLabel(String label) {
        for (InitScheme scheme : values()) {
            if (scheme.label.equals(label.toLowerCase(Locale.ROOT))) {
                return scheme;
            }
        }
        return null;
    }

    /** picocli converter with a one-line error for unknown names. */
    public static final class Converter implements ITypeConverter<InitScheme> {
        @Override
        public InitScheme convert(String value) {
            InitScheme scheme = byLabel(value);
            if (scheme == null) {
                throw new TypeConversionException("unknown init '" + value + "'; choose pytorch or d2l");
            }
            return scheme;
        }
    }
}
