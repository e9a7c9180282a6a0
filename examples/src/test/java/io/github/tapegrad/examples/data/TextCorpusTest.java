package io.github.tapegrad.examples.data;

import io.github.tapegrad.examples.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class TextCorpusTest {

    @TempDir
    Path dir;

    private static byte[] bundledBytes() throws IOException {
        try (InputStream in = TextCorpus.class.getResourceAsStream(TextCorpus.TIME_MACHINE_RESOURCE)) {
            return in.readAllBytes();
        }
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private static byte[] withBom(byte[] bytes) {
        byte[] out = new byte[bytes.length + 3];
        out[0] = (byte) 0xEF;
        out[1] = (byte) 0xBB;
        out[2] = (byte) 0xBF;
        System.arraycopy(bytes, 0, out, 3, bytes.length);
        return out;
    }

    @Test
    void bomAndCrlfVariantsGiveTheSameCorpus() throws IOException {
        byte[] lf = bundledBytes();
        String text = new String(lf, StandardCharsets.US_ASCII);
        byte[] crlf = text.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] cr = text.replace("\n", "\r").getBytes(StandardCharsets.US_ASCII);
        TextCorpus reference = TextCorpus.timeMachine();
        for (var variant : List.of(
                write("lf.txt", lf), write("crlf.txt", crlf), write("cr.txt", cr),
                write("bom-lf.txt", withBom(lf)), write("bom-crlf.txt", withBom(crlf)))) {
            TextCorpus corpus = TextCorpus.fromFile(variant);
            assertArrayEquals(reference.corpus(), corpus.corpus(), variant.toString());
            assertEquals(reference.lines(), corpus.lines(), variant.toString());
            assertEquals(reference.vocab().tokens(), corpus.vocab().tokens(), variant.toString());
        }
    }

    @Test
    void linesAreJoinedWithoutSeparatorAndCleanedSeparately() {
        TextCorpus corpus = TextCorpus.fromText("Ab, c!\n\n--\r\nD\r", "test");
        assertEquals(List.of("ab c", "", "", "d"), corpus.lines());
        assertEquals("ab cd", corpus.vocab().decode(corpus.corpus()));
        assertEquals(2, corpus.nonEmptyLineCount());
    }

    @Test
    void tiesKeepFirstOccurrenceOrder() {
        Vocab vocab = TextCorpus.fromText("zzyyxxa", "test").vocab();
        assertEquals(List.of("<unk>", "z", "y", "x", "a"), vocab.tokens());
        assertEquals(Vocab.UNKNOWN_INDEX, vocab.indexOf('q'));
        assertArrayEquals(new int[] {4, 0, 1}, vocab.encode("aqz"));
    }

    private void assertUserError(Path file, String expectedFragment) {
        UserInputException e = assertThrows(UserInputException.class, () -> TextCorpus.fromFile(file));
        assertTrue(e.getMessage().startsWith("--text " + file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expectedFragment), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'), "one line: " + e.getMessage());
    }

    @Test
    void missingFile() {
        assertUserError(dir.resolve("nope.txt"), "file not found");
    }

    @Test
    void directory() {
        assertUserError(dir, "is a directory");
    }

    @Test
    void unreadableFile() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root can read any file");
        Path file = write("secret.txt", "hello".getBytes(StandardCharsets.US_ASCII));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assertUserError(file, "not readable");
    }

    @Test
    void emptyFile() throws IOException {
        assertUserError(write("empty.txt", new byte[0]), "file is empty");
    }

    @Test
    void noLetters() throws IOException {
        assertUserError(write("digits.txt", "123 456\n!!\n".getBytes(StandardCharsets.US_ASCII)), "no letters");
    }

    @Test
    void binaryFile() throws IOException {
        assertUserError(write("data.bin", new byte[] {'a', 'b', 0, 'c'}), "NUL byte at offset 2");
    }

    @Test
    void invalidUtf8() throws IOException {
        assertUserError(write("latin1.txt", new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'}),
                "not valid UTF-8 text (bad byte at offset 3)");
        assertUserError(write("cut.txt", new byte[] {'a', (byte) 0xC3}), "not valid UTF-8");
    }

    @Test
    void validUtf8WithAccentsIsAccepted() {
        TextCorpus corpus = TextCorpus.fromText("Café crème", "test");
        assertEquals(List.of("caf cr me"), corpus.lines());
    }

    @Test
    void tooFewTokensForOneMinibatch() throws IOException {
        Path file = write("short.txt", "The Time Machine\n".getBytes(StandardCharsets.US_ASCII));
        TextCorpus corpus = TextCorpus.fromFile(file);
        UserInputException e = assertThrows(UserInputException.class,
                () -> corpus.minibatches(Sampling.SEQUENTIAL, 32, 35, 10_000, 1));
        assertEquals("--text " + file + ": yields 16 character tokens, but one minibatch of batch size 32 x 35 steps"
                + " with sequential sampling needs at least 1156", e.getMessage());
    }

    @Test
    void maxTokensLimitIsNamedWhenItIsTheReason() {
        TextCorpus corpus = TextCorpus.timeMachine();
        UserInputException e = assertThrows(UserInputException.class,
                () -> corpus.minibatches(Sampling.RANDOM, 4, 5, 20, 1));
        assertTrue(e.getMessage().contains("yields 20 character tokens (first 20 of 170580)"), e.getMessage());
        assertTrue(e.getMessage().endsWith("needs at least 25"), e.getMessage());
    }

    @Test
    void minibatchesOverTheTrainingPrefix() {
        MinibatchSource source = TextCorpus.timeMachine().minibatches(Sampling.SEQUENTIAL, 32, 35, 10_000, 7);
        assertEquals(10_000, source.corpusLength());
        assertEquals(32, source.batchSize());
        assertEquals(35, source.numSteps());
        assertEquals(Sampling.SEQUENTIAL, source.sampling());
    }
}
