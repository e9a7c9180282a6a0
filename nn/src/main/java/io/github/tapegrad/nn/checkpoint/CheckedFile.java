package io.github.tapegrad.nn.checkpoint;

import java.util.Objects;

/**
 * A checkpoint as read, and whether a checksum stored in it vouched for the content.
 *
 * @param content the tensors and metadata, without the checksum entries
 * @param checksumVerified true when the file carried tapegrad's checksum and it matched; false when it carried
 *     none (written by PyTorch or another safetensors writer, or by tapegrad before it wrote checksums). A checksum
 *     that does not match never gets here: the read is refused.
 */
public record CheckedFile(SafeTensorsFile content, boolean checksumVerified) {

    public CheckedFile {
        Objects.requireNonNull(content, "content");
    }
}
