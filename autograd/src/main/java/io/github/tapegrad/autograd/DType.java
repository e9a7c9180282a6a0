package io.github.tapegrad.autograd;

/** Element type of a tensor: float32 for training speed, float64 for gradient checks. */
public enum DType {
    FLOAT32("float32", 4, "F32"),
    FLOAT64("float64", 8, "F64");

    private final String label;
    private final int bytes;
    private final String safetensorsName;

    DType(String label, int bytes, String safetensorsName) {
        this.label = label;
        this.bytes = bytes;
        this.safetensorsName = safetensorsName;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    /** The dtype string used by the safetensors format ("F32", "F64"). */
    public String safetensorsName() {
        return safetensorsName;
    }

    @Override
    public String toString() {
        return label;
    }
}
