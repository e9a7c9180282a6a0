package io.github.tapegrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The public surface: the module exports the API packages only; the kernels stay internal. */
class ModuleDescriptorTest {

    @Test
    void exportsTheApiPackagesOnlyAndNeedsTheVectorModuleOptionally() throws Exception {
        // the descriptor compiled beside the classes (tests run on the class path, where it is not applied)
        Path classes = Path.of(Backend.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor d;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            d = ModuleDescriptor.read(in);
        }
        assertEquals("io.github.tapegrad.autograd", d.name());
        Set<String> exported = d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        assertEquals(Set.of("io.github.tapegrad.autograd", "io.github.tapegrad.autograd.check",
                "io.github.tapegrad.autograd.fused"), exported);
        assertTrue(d.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified), d.exports().toString());
        assertTrue(d.requires().stream().anyMatch(r -> r.name().equals("jdk.incubator.vector")
                && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)), d.requires().toString());
    }
}
