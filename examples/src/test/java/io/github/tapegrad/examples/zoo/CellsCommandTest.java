package io.github.tapegrad.examples.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tapegrad.examples.CommandRun;
import io.github.tapegrad.nn.Cells;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

class CellsCommandTest {

    @Test
    void everyZooCellIsCheckedAndItsLinesCounted(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("cells.md");
        CommandRun run = CommandRun.of("cells", "--cases", "1", "--sources", "../nn/src/main/java", "--markdown",
                md.toString()).succeeded();
        String table = Files.readString(md);
        for (String name : Cells.names()) {
            var row = Pattern.compile("\\| `" + Pattern.quote(name) + "` \\| `\\w+` \\| (\\d+) \\| passed: (\\d+) "
                    + "properties \\| [0-9.]+ s \\|").matcher(table);
            assertTrue(row.find(), name + " in\n" + table);
            int lines = Integer.parseInt(row.group(1));
            assertTrue(lines > 5 && lines < 80, name + ": " + lines + " lines");
            assertEquals(7, Integer.parseInt(row.group(2)), name + ": reference, gradients, batch, T = 0, split, "
                    + "bidirectional with variable lengths and second order");
        }
        assertTrue(run.out().contains("wrote " + md), run.out());
        assertTrue(table.startsWith("Properties: forward equals the reference equations"), table);
    }

    @Test
    void aMissingSourceDirectoryIsOneLine(@TempDir Path dir) {
        CommandRun.of("cells", "--sources", dir.resolve("nope").toString()).refusedWith("--sources");
        List.of("0", "1001").forEach(n -> CommandRun.of("cells", "--cases", n).refusedWith("--cases " + n));
    }
}
