package dev.nnc.train;

import java.util.Optional;

/** The safetensors element types nnc writes and reads; all little-endian. */
public enum DType {
    F32(4), F64(8), I64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The dtype spelled as in a safetensors header ({@code "F32"}), if nnc knows it. */
    public static Optional<DType> parse(String text) {
        for (DType d : values()) {
            if (d.name().equals(text)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
