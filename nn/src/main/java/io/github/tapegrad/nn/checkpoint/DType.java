package io.github.tapegrad.nn.checkpoint;

/** The element types a tapegrad checkpoint can hold, with their safetensors names. */
public enum DType {
    F32(Float.BYTES),
    F64(Double.BYTES);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element in the little-endian data section. */
    public int byteSize() {
        return byteSize;
    }

    /** The dtype string used in safetensors headers ("F32", "F64"). */
    public String safetensorsName() {
        return name();
    }

    /**
     * Looks up a safetensors dtype string.
     *
     * @return the matching dtype, or {@code null} if tapegrad does not support it
     */
    static DType fromSafetensorsName(String name) {
        for (DType d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }
}
