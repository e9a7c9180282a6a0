package io.github.tapegrad.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {
    @TempDir
    Path dir;

    private static SafeTensorsFile checkpoint(float value) {
        return new SafeTensorsFile(Map.of("w", TensorData.ofF32(new int[] {3}, new float[] {value, value, value})),
                Map.of("step", Float.toString(value)));
    }

    private List<String> listing(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void overwritingReplacesTheContentAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, checkpoint(1));
        SafeTensors.write(file, checkpoint(2));
        assertEquals(checkpoint(2), SafeTensors.read(file));
        assertEquals(List.of("model.safetensors"), listing(dir));
    }

    @Test
    void failureMidwayLeavesTheOldFileIntactAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, checkpoint(1));
        byte[] before = Files.readAllBytes(file);

        IOException thrown = assertThrows(IOException.class, () -> AtomicFileWriter.replace(file, channel -> {
            // Half of a new file reaches the disk, then the writer dies.
            channel.write(ByteBuffer.wrap(SafeTensors.encode(checkpoint(2)), 0, 20));
            throw new IOException("simulated failure while writing tensor 'w'");
        }));
        assertEquals("simulated failure while writing tensor 'w'", thrown.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of("model.safetensors"), listing(dir));
    }

    @Test
    void runtimeFailureMidwayAlsoCleansUp() throws IOException {
        Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, checkpoint(1));
        assertThrows(IllegalStateException.class, () -> AtomicFileWriter.replace(file, channel -> {
            channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            throw new IllegalStateException("bug in an encoder");
        }));
        assertEquals(checkpoint(1), SafeTensors.read(file));
        assertEquals(List.of("model.safetensors"), listing(dir));
    }

    @Test
    void failingRenameLeavesTheTargetAndNoTemporaryFile() throws IOException {
        // The target is a non-empty directory, so the final rename must fail.
        Path target = dir.resolve("model.safetensors");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep.txt"), "keep");
        assertThrows(IOException.class, () -> SafeTensors.write(target, checkpoint(2)));
        assertEquals("keep", Files.readString(target.resolve("keep.txt")));
        assertEquals(List.of("model.safetensors"), listing(dir));
    }

    @Test
    void missingDirectoryFailsWithoutCreatingAnything() throws IOException {
        Path file = dir.resolve("no-such-dir").resolve("model.safetensors");
        assertThrows(IOException.class, () -> SafeTensors.write(file, checkpoint(1)));
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void readOnlyDirectoryLeavesTheOldFileIntact() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("ro"));
        Path file = sub.resolve("model.safetensors");
        SafeTensors.write(file, checkpoint(1));
        byte[] before = Files.readAllBytes(file);
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            // Root ignores directory permissions, so the refusal cannot be observed there.
            assumeFalse(Files.isWritable(sub), "directory permissions are not enforced for this user");
            assertThrows(IOException.class, () -> SafeTensors.write(file, checkpoint(2)));
            assertArrayEquals(before, Files.readAllBytes(file));
            assertEquals(List.of("model.safetensors"), listing(sub));
        } finally {
            Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
