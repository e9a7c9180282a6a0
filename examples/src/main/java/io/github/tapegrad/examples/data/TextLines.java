package io.github.tapegrad.examples.data;

import io.github.tapegrad.examples.UserInputException;
import io.github.tapegrad.examples.cli.Bytes;
import io.github.tapegrad.examples.cli.InputFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a text file into its lines the way Python's {@code open(path).readlines()} sees them, after checking
 * that the bytes really are text.
 *
 * <p>Line breaks {@code \n}, {@code \r\n} and a lone {@code \r} all end a line (Python's universal newlines), a
 * final line without a break counts as a line, and a leading UTF-8 byte order mark is dropped; so the same text
 * saved on Windows or with a BOM gives the same lines. Every rejection is a {@link UserInputException} whose
 * message starts with the source name.
 */
public final class TextLines {

    /**
     * Bigger files are refused before they are read. Preparing a text holds about {@link #HEAP_PER_BYTE} bytes of
     * heap per byte of it at once (the bytes, the decoded characters, the lines before and after cleaning, the int
     * token ids and their copy for the checksum), so 256 MiB needs about 3 GiB: the default heap (a quarter of
     * RAM) of a 16 GB machine. d2l's book is 174 KiB, and at tens of thousands of tokens per second a character
     * model would need hours per epoch over more.
     */
    public static final long MAX_BYTES = 256L * 1024 * 1024;

    /** Peak heap per byte of text while it is prepared (measured order of magnitude, see {@link #MAX_BYTES}). */
    static final int HEAP_PER_BYTE = 12;

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private TextLines() {
    }

    /**
     * Lines of a user-supplied file; {@code sourceName} (e.g. {@code "--text notes.txt"}) prefixes error messages.
     * Only a regular file (after following links) of at most {@link #MAX_BYTES} whose preparation fits the heap is
     * read: /dev/zero or a named pipe would otherwise exhaust the heap or block forever.
     */
    public static List<String> readFile(Path file, String sourceName) {
        InputFiles.requireRegularFile(sourceName, file);
        long size = InputFiles.requireAtMost(sourceName, file, MAX_BYTES, "");
        long heap = Runtime.getRuntime().maxMemory();
        if ((double) size * HEAP_PER_BYTE > heap) {
            throw new UserInputException(sourceName + ": preparing " + Bytes.human(size) + " of text needs about "
                    + Bytes.human((double) size * HEAP_PER_BYTE) + " of heap, but the JVM's heap is at most "
                    + Bytes.human(heap) + "; use a shorter text or raise -Xmx");
        }
        return parse(InputFiles.readAtMost(sourceName, file, MAX_BYTES, ""), sourceName);
    }

    /** Lines of a text bundled on the class path; a missing resource is a packaging bug, not a user error. */
    public static List<String> readResource(String resourcePath) {
        try (InputStream in = TextLines.class.getResourceAsStream(resourcePath)) {
            if (in == null) {
                throw new IllegalStateException("readResource: " + resourcePath + " is not on the class path");
            }
            return parse(in.readAllBytes(), resourcePath);
        } catch (IOException e) {
            throw new UncheckedIOException("readResource: cannot read " + resourcePath, e);
        }
    }

    /**
     * Checks and decodes raw bytes: refuses empty input, NUL bytes (a sign of a binary file) and invalid UTF-8,
     * then splits into lines.
     */
    public static List<String> parse(byte[] bytes, String sourceName) {
        if (bytes.length == 0) {
            throw new UserInputException(sourceName + ": file is empty");
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new UserInputException(sourceName + ": looks like a binary file (NUL byte at offset " + i
                        + "), expected UTF-8 text");
            }
        }
        String text = decodeUtf8(bytes, sourceName);
        if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
            text = text.substring(1);
        }
        return splitLines(text);
    }

    private static String decodeUtf8(byte[] bytes, String sourceName) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new UserInputException(sourceName + ": not valid UTF-8 text (bad byte at offset " + in.position()
                    + ")");
        }
        result = decoder.flush(out);
        if (result.isError()) {
            throw new UserInputException(sourceName + ": not valid UTF-8 text (truncated character at the end)");
        }
        out.flip();
        return out.toString();
    }

    /** Splits at \n, \r\n or \r; like readlines(), a trailing break does not start an extra empty line. */
    static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                i += (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') ? 2 : 1;
                start = i;
            } else {
                i++;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return List.copyOf(lines);
    }
}
