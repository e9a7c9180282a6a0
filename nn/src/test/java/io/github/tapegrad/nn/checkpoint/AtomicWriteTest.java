package io.github.tapegrad.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
    void temporaryFileThatCannotBeCreatedLeavesTheOldFileIntact() throws IOException {
        // Directory permissions would not stop root, so the temporary file's creation fails another way that stops
        // everyone: the target's 250-byte name fits the 255-byte limit, ".NAME.<16 hex>.tmp" does not.
        Path file = dir.resolve("m".repeat(250));
        byte[] before = SafeTensors.encode(checkpoint(1));
        Files.write(file, before);
        CheckpointIOException e = assertThrows(CheckpointIOException.class, () -> SafeTensors.write(file, checkpoint(2)));
        assertEquals("cannot write checkpoint " + file + ": File name too long", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(file.getFileName().toString()), listing(dir));
    }

    @Test
    void diskFullMidwayLeavesTheOldFileIntactAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, checkpoint(1));
        byte[] before = Files.readAllBytes(file);
        for (int room : new int[] {0, 1, 20, before.length - 1}) {
            CheckpointIOException e = assertThrows(CheckpointIOException.class,
                    () -> SafeTensors.write(file, checkpoint(2), channel -> new FullDiskChannel(channel, room)));
            assertEquals("cannot write checkpoint " + file + ": No space left on device", e.getMessage());
            assertEquals(file, e.file());
            assertEquals(FullDiskChannel.ENOSPC, e.getCause().getMessage());
            assertArrayEquals(before, Files.readAllBytes(file), "room for " + room + " bytes");
            assertEquals(List.of("model.safetensors"), listing(dir), "room for " + room + " bytes");
        }
        // The control: with room for the whole file the same write succeeds.
        SafeTensors.write(file, checkpoint(2), channel -> new FullDiskChannel(channel, before.length));
        assertEquals(checkpoint(2), SafeTensors.read(file));
    }

    @Test
    void parentThatIsARegularFileIsReportedInOneLine() throws IOException {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "not a directory");
        Path file = notes.resolve("model.safetensors");
        CheckpointIOException e = assertThrows(CheckpointIOException.class, () -> SafeTensors.write(file, checkpoint(1)));
        assertEquals("cannot write checkpoint " + file + ": Not a directory", e.getMessage());
        assertEquals(List.of("notes.txt"), listing(dir));
    }

    @Test
    void theTemporaryFileIsNamedAsTheCleanupExpects() throws IOException {
        Path file = dir.resolve("model.safetensors");
        List<List<String>> seen = new ArrayList<>();
        AtomicFileWriter.replace(file, channel -> seen.add(listing(dir)));
        assertEquals(1, seen.get(0).size(), seen.toString());
        String temp = seen.get(0).get(0);
        assertTrue(AtomicFileWriter.isTemporaryOf("model.safetensors", temp), temp);
        assertTrue(temp.matches("\\.model\\.safetensors\\.[0-9a-f]{16}\\.tmp"), temp);
    }

    @Test
    void staleTemporariesOfTheTargetAreRemovedAndNothingElse() throws IOException {
        Path file = dir.resolve("model.safetensors");
        FileTime longAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        List<String> stale = List.of(
                ".model.safetensors.0123456789abcdef.tmp",
                ".model.safetensors.1a2b.tmp"); // older versions dropped leading zeros
        List<String> kept = List.of(
                ".other.safetensors.0123456789abcdef.tmp", // another target's
                ".model.safetensors.swp",
                ".model.safetensors.0123456789abcdeg.tmp", // not hex
                ".model.safetensors.0123456789abcdef0.tmp", // 17 digits
                ".model.safetensors.0123456789ABCDEF.tmp", // upper case
                ".model.safetensors..tmp",
                "model.safetensors.0123456789abcdef.tmp", // not hidden
                ".model.safetensors.0123456789abcdef.tmp.orig");
        for (String name : concat(stale, kept)) {
            Files.setLastModifiedTime(Files.writeString(dir.resolve(name), "partial"), longAgo);
        }
        // Being written right now by another process: recently modified, so it stays.
        String fresh = ".model.safetensors.fedcba9876543210.tmp";
        Files.writeString(dir.resolve(fresh), "partial");
        // Named like a temporary file but not a regular one: a directory, and a link to an old file elsewhere.
        String directory = ".model.safetensors.00000000000000aa.tmp";
        Files.setLastModifiedTime(Files.createDirectory(dir.resolve(directory)), longAgo);
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Path linked = Files.writeString(elsewhere.resolve("precious"), "keep");
        Files.setLastModifiedTime(linked, longAgo);
        String link = ".model.safetensors.00000000000000bb.tmp";
        Files.getFileAttributeView(Files.createSymbolicLink(dir.resolve(link), linked), BasicFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS).setTimes(longAgo, null, null);

        SafeTensors.write(file, checkpoint(1));

        List<String> expected = new ArrayList<>(concat(kept, List.of(fresh, directory, link, "elsewhere", "model.safetensors")));
        expected.sort(null);
        assertEquals(expected, listing(dir));
        assertEquals("keep", Files.readString(linked));
        assertEquals(checkpoint(1), SafeTensors.read(file));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
