package io.github.tapegrad.examples.cli;

import io.github.tapegrad.examples.UserInputException;
import io.github.tapegrad.examples.cells.LeakyCell;
import io.github.tapegrad.examples.cells.Tripwire;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.Cells;
import io.github.tapegrad.nn.LSTMCell;
import io.github.tapegrad.nn.zoo.PeepholeLSTMCell;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --cell's values: the zoo by name, any cell class by its name, and one-line refusals listing the choices. */
class CellChoiceTest {

    @Test
    void everyZooNameIsItsOwnRecordedName() {
        for (String name : Cells.names()) {
            CellChoice choice = CellChoice.of(name.toUpperCase(java.util.Locale.ROOT));
            assertEquals(name, choice.name());
            assertEquals(name, choice.label());
            assertEquals(4, choice.factory().create(CellConfig.of(3, 4)).hiddenSize());
        }
    }

    @Test
    void aClassNameIsRecordedAsGivenAndLabelledByItsSimpleName() {
        CellChoice choice = CellChoice.of(LeakyCell.class.getName());
        assertEquals("io.github.tapegrad.examples.cells.LeakyCell", choice.name());
        assertEquals("LeakyCell", choice.label());
        assertInstanceOf(LeakyCell.class, choice.factory().create(CellConfig.of(2, 3)));
    }

    @Test
    void customIsTheFormerNameOfThePeepholeCell() {
        CellChoice choice = CellChoice.of("custom");
        assertEquals("vanilla", choice.name());
        assertInstanceOf(PeepholeLSTMCell.class, choice.factory().create(CellConfig.of(2, 3)));
        assertInstanceOf(LSTMCell.class, CellChoice.of("lstm").factory().create(CellConfig.of(2, 3)));
    }

    @Test
    void unknownNamesListTheChoicesInOneLine() {
        String message = assertThrows(UserInputException.class, () -> CellChoice.of("transformer")).getMessage();
        assertTrue(message.startsWith("unknown cell 'transformer'; choose one of lstm, gru, rnn"), message);
        assertTrue(message.contains(String.join(", ", Cells.names())) && !message.contains("\n"), message);
        assertTrue(assertThrows(UserInputException.class, () -> CellChoice.of("com.example.Nope")).getMessage()
                .startsWith("cell class com.example.Nope is not on the classpath"));
        assertTrue(assertThrows(UserInputException.class, () -> CellChoice.of("java.lang.String")).getMessage()
                .contains("is not a concrete subclass of io.github.tapegrad.nn.Cell"));
        assertTrue(assertThrows(UserInputException.class, () -> CellChoice.of(
                "io.github.tapegrad.examples.cells.NoPublicConstructorCell")).getMessage()
                .contains("needs a public constructor taking a CellConfig"));
        assertTrue(assertThrows(TypeConversionException.class, () -> new CellChoice.Converter().convert(""))
                .getMessage().startsWith("cell name is empty; choose one of lstm"));
    }

    /** A name from a checkpoint's metadata that is no Cell is refused before its class is initialized. */
    @Test
    void aClassThatIsNoCellIsRefusedWithoutRunningItsStaticInitializer() {
        String message = assertThrows(UserInputException.class,
                () -> CellChoice.of("io.github.tapegrad.examples.cells.Tripwire")).getMessage();
        assertEquals("cell class io.github.tapegrad.examples.cells.Tripwire is not a concrete subclass of "
                + "io.github.tapegrad.nn.Cell", message);
        assertEquals(0, Tripwire.TripwireCount.initialized);
    }

    @Test
    void theHelpTextsCandidatesAreTheZoo() {
        java.util.List<String> names = new java.util.ArrayList<>();
        new CellChoice.Names().forEach(names::add);
        assertEquals(Cells.names(), names);
    }
}
