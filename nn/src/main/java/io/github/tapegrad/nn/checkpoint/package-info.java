/**
 * Checkpoint files in the safetensors format: module parameters, optimizer state, learning-rate scheduler
 * state and training metadata stored as named F32/F64 arrays plus a string-to-string metadata map.
 *
 * <p>Reading is strict: every header entry, offset and byte of the data section is checked and
 * anything malformed is refused with a {@link io.github.tapegrad.nn.checkpoint.CheckpointException}
 * naming the file and the tensor, so a bad checkpoint never yields half-loaded state. tapegrad also writes a
 * CRC32C of the content into the metadata and refuses a file whose content does not match it (safetensors itself
 * has no checksum); files without one still load. Writing is atomic: the file is written beside its target,
 * synced, then renamed over it; temporary files left by a killed writer are removed by the next save. File system
 * failures are {@link io.github.tapegrad.nn.checkpoint.CheckpointIOException}s naming the file and the cause.
 *
 * <p>The codec ({@link io.github.tapegrad.nn.checkpoint.SafeTensors}) works on plain Java arrays; {@link
 * io.github.tapegrad.nn.checkpoint.Checkpoint} maps a module's parameters, an optimizer's state and a scheduler's
 * onto it.
 */
package io.github.tapegrad.nn.checkpoint;
