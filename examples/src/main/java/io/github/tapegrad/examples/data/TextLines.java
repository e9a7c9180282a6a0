package io.github.tapegrad.examples.data;

import io.github.tapegrad.examples.UserInputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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

    /** Bigger files are refused rather than risking an out-of-memory error halfway through. */
    public static final long MAX_BYTES = 256L * 1024 * 1024;

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private TextLines() {
    }

    /** Lines of a user-supplied file; {@code sourceName} (e.g. {@code "--text notes.txt"}) prefixes error messages. */
    public static List<String> readFile(Path file, String sourceName) {
        if (!Files.exists(file)) {
            throw new UserInputException(sourceName + ": file not found");
        }
        if (Files.isDirectory(file)) {
            throw new UserInputException(sourceName + ": is a directory, not a text file");
        }
        if (!Files.isReadable(file)) {
            throw new UserInputException(sourceName + ": file is not readable (permission denied)");
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new UserInputException(sourceName + ": file has " + size + " bytes, more than the limit of "
                        + MAX_BYTES);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserInputException(sourceName + ": file not found", e);
        } catch (AccessDeniedException e) {
            throw new UserInputException(sourceName + ": file is not readable (permission denied)", e);
        } catch (IOException e) {
            throw new UserInputException(sourceName + ": cannot read file: " + e.getMessage(), e);
        }
        return parse(bytes, sourceName);
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
