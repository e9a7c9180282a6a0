package io.github.tapegrad.examples.cli;

import io.github.tapegrad.examples.UserInputException;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.CellFactory;
import io.github.tapegrad.nn.Cells;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;
import java.util.Objects;

/**
 * A cell named on the command line ({@code --cell NAME}) or in a checkpoint: a zoo name of {@link Cells} or the
 * fully qualified name of a cell class on the classpath, with its factory.
 *
 * @param name what is recorded and compared: the zoo name in lower case, or the class name as given
 */
public record CellChoice(String name, CellFactory<? extends Cell> factory) {

    /**
     * For help texts: what --cell accepts. picocli fills in the zoo's names from the option's
     * {@code completionCandidates = CellChoice.Names.class}.
     */
    public static final String CHOICES = "a zoo name (${COMPLETION-CANDIDATES}) or the fully qualified name of a cell "
            + "class on the classpath (a public Cell with a public constructor taking a CellConfig; examples/bin/tapegrad "
            + "adds $TAPEGRAD_CLASSPATH to the classpath)";

    /** The examples' name for the peephole LSTM before the zoo called it {@code vanilla}; still accepted. */
    static final String FORMER_PEEPHOLE_NAME = "custom";

    public CellChoice {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(factory, "factory");
    }

    /**
     * The cell called {@code name}; {@code custom} (the former --model name of the peephole LSTM) is
     * {@code vanilla}.
     *
     * @throws UserInputException naming the choices when there is no such cell
     */
    public static CellChoice of(String name) {
        String key = name == null ? "" : name.strip();
        if (key.equalsIgnoreCase(FORMER_PEEPHOLE_NAME)) {
            key = "vanilla";
        }
        boolean zoo = Cells.names().contains(key.toLowerCase(Locale.ROOT));
        if (!zoo && key.contains(".")) {
            requireCellClass(key);
        }
        try {
            return new CellChoice(zoo ? key.toLowerCase(Locale.ROOT) : key, Cells.factory(key));
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    /**
     * Refuses a class name that is no Cell before {@link Cells#factory} loads it, which initializes the class: a name
     * read from a checkpoint's metadata must not run the static initializer of whatever class it names.
     */
    private static void requireCellClass(String className) {
        Class<?> type;
        try {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            type = Class.forName(className, false, context != null ? context : CellChoice.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new UserInputException("cell class " + className + " is not on the classpath", e);
        }
        if (!Cell.class.isAssignableFrom(type)) {
            throw new UserInputException("cell class " + className + " is not a concrete subclass of "
                    + Cell.class.getName());
        }
    }

    /** Short, for tables, plots and progress lines: the zoo name, or the class's simple name. */
    public String label() {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** What the cell is, read from small instances (see {@link CellProfile}). */
    public CellProfile profile() {
        return CellProfile.of(name, factory);
    }

    @Override
    public String toString() {
        return name;
    }

    /** The zoo's names, for picocli's ${COMPLETION-CANDIDATES} in help texts. */
    public static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Cells.names().iterator();
        }
    }

    /** picocli converter: an unknown name is a one-line usage error listing the choices. */
    public static final class Converter implements ITypeConverter<CellChoice> {
        @Override
        public CellChoice convert(String value) {
            try {
                return of(value);
            } catch (UserInputException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
