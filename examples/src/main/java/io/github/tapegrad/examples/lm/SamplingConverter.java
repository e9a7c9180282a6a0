package io.github.tapegrad.examples.lm;

import io.github.tapegrad.examples.data.Sampling;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/** picocli converter for {@code --sampling sequential|random}. */
public final class SamplingConverter implements ITypeConverter<Sampling> {
    @Override
    public Sampling convert(String value) {
        for (Sampling s : Sampling.values()) {
            if (s.label().equals(value.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new TypeConversionException("unknown sampling '" + value + "'; choose sequential or random");
    }
}
