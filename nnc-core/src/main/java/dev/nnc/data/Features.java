package dev.nnc.data;

/**
 * The raw feature values of a data set, row-major, one row per example. Byte pixels stay bytes (a quarter of
 * the memory of floats: CIFAR-10's training set is 154 MB as bytes, 614 MB as floats); values are read
 * through {@link #raw(int)} and scaled/normalized by a {@link Preprocessing} when a batch is filled.
 * Internal to the package.
 */
sealed interface Features permits Features.Bytes, Features.Floats, StreamedFeatures {

    /** The raw value at flat index {@code i}: 0..255 for pixels, the parsed number otherwise. */
    float raw(int i);

    /** Number of values held. */
    int length();

    /** Unsigned byte pixels (IDX, CIFAR-10). */
    record Bytes(byte[] data) implements Features {
        @Override
        public float raw(int i) {
            return data[i] & 0xFF;
        }

        @Override
        public int length() {
            return data.length;
        }
    }

    /** Real values (CSV, decoded images). */
    record Floats(float[] data) implements Features {
        @Override
        public float raw(int i) {
            return data[i];
        }

        @Override
        public int length() {
            return data.length;
        }
    }
}
