package dev.nnc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nnc.tensor.F32Tensor;
import dev.nnc.tensor.F64Tensor;
import dev.nnc.tensor.Precision;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

    @TempDir
    Path dir;

    private static final float[] FLOATS = {1.5f, -0.0f, Float.NaN, Float.MIN_VALUE, Float.MAX_VALUE, -3.25f};
    private static final double[] DOUBLES = {Math.PI, -Double.MIN_VALUE, Double.NEGATIVE_INFINITY, 1e300};

    private static F32Tensor f32(int... shape) {
        F32Tensor t = new F32Tensor(shape);
        System.arraycopy(FLOATS, 0, t.data(), 0, t.size());
        return t;
    }

    private static F64Tensor f64(int... shape) {
        F64Tensor t = new F64Tensor(shape);
        System.arraycopy(DOUBLES, 0, t.data(), 0, t.size());
        return t;
    }

    private Path sample() {
        Path file = dir.resolve("sample.safetensors");
        SafeTensors.write(file, Map.of("model", "mlp", "note", "quote \" and <tag>"), List.of(
                SafeTensorSource.of("affine_1.W", f32(2, 3)),
                SafeTensorSource.of("affine_1.b", f64(4)),
                SafeTensorSource.ofLongs("counts", new long[] {Long.MIN_VALUE, 7, -1}),
                SafeTensorSource.of("scalar", f64()),
                SafeTensorSource.of("empty", new F32Tensor(0, 5))));
        return file;
    }

    @Test
    void roundTripIsBitExact() {
        SafeTensorFile read = SafeTensors.read(sample());
        assertEquals(Map.of("model", "mlp", "note", "quote \" and <tag>"), read.metadata());
        assertEquals(List.of("affine_1.W", "affine_1.b", "counts", "scalar", "empty"),
                List.copyOf(read.tensors().keySet()));

        SafeTensor w = read.tensors().get("affine_1.W");
        assertEquals(DType.F32, w.dtype());
        assertEquals(List.of(2, 3), w.shape());
        F32Tensor w32 = (F32Tensor) w.toTensor(Precision.FLOAT32);
        for (int i = 0; i < 6; i++) {
            assertEquals(Float.floatToRawIntBits(FLOATS[i]), Float.floatToRawIntBits(w32.data()[i]), "element " + i);
        }
        F64Tensor b = (F64Tensor) read.tensors().get("affine_1.b").toTensor(Precision.FLOAT64);
        for (int i = 0; i < 4; i++) {
            assertEquals(Double.doubleToRawLongBits(DOUBLES[i]), Double.doubleToRawLongBits(b.data()[i]));
        }
        assertArrayEquals(new long[] {Long.MIN_VALUE, 7, -1}, read.tensors().get("counts").toLongArray());
        assertEquals(List.of(), read.tensors().get("scalar").shape());
        assertEquals(Math.PI, read.tensors().get("scalar").get(0));
        assertEquals(0, read.tensors().get("empty").elements());
    }

    @Test
    void convertsBetweenPrecisions() {
        SafeTensorFile read = SafeTensors.read(sample());
        assertArrayEquals(new double[] {Math.PI, -Double.MIN_VALUE, Double.NEGATIVE_INFINITY, 1e300},
                read.tensors().get("affine_1.b").toDoubleArray());
        assertArrayEquals(new double[] {(float) Math.PI, -0.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY},
                read.tensors().get("affine_1.b").toTensor(Precision.FLOAT32).toDoubleArray());
        assertEquals(1.5, read.tensors().get("affine_1.W").toTensor(Precision.FLOAT64).get(0));
    }

    /** Reads the layout with nothing but a byte buffer and a JSON parser, as another language would. */
    @Test
    void layoutMatchesTheSafetensorsSpecification() throws IOException {
        byte[] bytes = Files.readAllBytes(sample());
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + n) % 8, "data starts 8-byte aligned");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"affine_1.W\":"), header);
        JsonObject json = JsonParser.parseString(header).getAsJsonObject();
        assertEquals("mlp", json.getAsJsonObject("__metadata__").get("model").getAsString());

        String[][] expected = {
            {"affine_1.W", "F32", "[2,3]", "0", "24"},
            {"affine_1.b", "F64", "[4]", "24", "56"},
            {"counts", "I64", "[3]", "56", "80"},
            {"scalar", "F64", "[]", "80", "88"},
            {"empty", "F32", "[0,5]", "88", "88"}};
        for (String[] e : expected) {
            JsonObject entry = json.getAsJsonObject(e[0]);
            assertEquals(e[1], entry.get("dtype").getAsString());
            assertEquals(e[2], entry.get("shape").toString());
            JsonArray offsets = entry.getAsJsonArray("data_offsets");
            assertEquals(Long.parseLong(e[3]), offsets.get(0).getAsLong(), e[0]);
            assertEquals(Long.parseLong(e[4]), offsets.get(1).getAsLong(), e[0]);
        }
        assertEquals(8 + n + 88, bytes.length, "the data section is exactly the tensors");
        ByteBuffer data = ByteBuffer.wrap(bytes, (int) (8 + n), 88).slice().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1.5f, data.getFloat(0));
        assertEquals(Math.PI, data.getDouble(24));
        assertEquals(Long.MIN_VALUE, data.getLong(56));
        assertEquals(Math.PI, data.getDouble(80));
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = sample();
        byte[] before = Files.readAllBytes(file);
        SafeTensorSource exploding = new SafeTensorSource("affine_2.W", DType.F32, List.of(100), out -> {
            out.putFloat(1f);
            throw new IllegalStateException("disk full, say");
        });
        var e = assertThrows(CheckpointException.class, () -> SafeTensors.write(file, Map.of(),
                List.of(SafeTensorSource.of("affine_1.W", f32(2, 3)), exploding)));
        assertTrue(e.getMessage().startsWith(file + ": writing failed, the previous file is left as it was"),
                e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void aPayloadOfTheWrongLengthIsAFailedWrite() throws IOException {
        Path file = dir.resolve("short.safetensors");
        SafeTensorSource shortOne = new SafeTensorSource("x", DType.F64, List.of(2), out -> out.putDouble(1));
        var e = assertThrows(CheckpointException.class, () -> SafeTensors.write(file, Map.of(), List.of(shortOne)));
        assertTrue(e.getMessage().contains("tensor x wrote 8 of its 16 bytes"), e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void writeReplacesAnExistingFile() {
        Path file = sample();
        SafeTensors.write(file, Map.of(), List.of(SafeTensorSource.of("only", f64(2))));
        assertEquals(List.of("only"), List.copyOf(SafeTensors.read(file).tensors().keySet()));
        assertEquals(Map.of(), SafeTensors.read(file).metadata());
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nope.safetensors");
        assertEquals(file + ": no such file",
                assertThrows(CheckpointException.class, () -> SafeTensors.read(file)).getMessage());
    }

    @Test
    void truncatedDataIsReported() throws IOException {
        Path file = sample();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        assertEquals(file + ": tensor 'scalar' needs data bytes [80, 88) but the file holds only 84: it is "
                + "truncated or the offsets are wrong",
                assertThrows(CheckpointException.class, () -> SafeTensors.read(file)).getMessage());
    }
}
