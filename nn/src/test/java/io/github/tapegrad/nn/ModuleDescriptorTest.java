package io.github.tapegrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** nn's public surface: its API packages, reading autograd transitively (its types appear in nn's API). */
class ModuleDescriptorTest {

    @Test
    void exportsTheApiPackagesAndRequiresAutogradTransitively() throws Exception {
        // the descriptor compiled beside the classes (tests run on the class path, where it is not applied)
        Path classes = Path.of(LSTM.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor d;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            d = ModuleDescriptor.read(in);
        }
        assertEquals("io.github.tapegrad.nn", d.name());
        Set<String> exported = d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        assertEquals(Set.of("io.github.tapegrad.nn", "io.github.tapegrad.nn.check", "io.github.tapegrad.nn.checkpoint",
                "io.github.tapegrad.nn.init", "io.github.tapegrad.nn.optim", "io.github.tapegrad.nn.zoo"), exported);
        assertTrue(d.requires().stream().anyMatch(r -> r.name().equals("io.github.tapegrad.autograd")
                && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)), d.requires().toString());
    }
}
