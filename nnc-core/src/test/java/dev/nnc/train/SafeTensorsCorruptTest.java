package dev.nnc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a safetensors file can be malformed, and the exact message the reader gives. */
class SafeTensorsCorruptTest {

    @TempDir
    Path dir;

    /** A file with this header (unpadded) and {@code dataBytes} zero bytes of data. */
    private static byte[] file(String header, int dataBytes) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(json.length).put(json).array();
    }

    private static Arguments c(String header, int dataBytes, String message) {
        return Arguments.of(file(header, dataBytes), message);
    }

    static Stream<Arguments> cases() {
        String f32x2 = "{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":";
        return Stream.of(
                Arguments.of(new byte[] {1, 0, 0}, "file is 3 bytes, too short for the 8-byte header length"),
                Arguments.of(ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(100).array(),
                        "header length 100 runs past the end of the file (12 bytes)"),
                Arguments.of(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).array(),
                        "header length 18446744073709551615 runs past the end of the file (8 bytes)"),
                Arguments.of(ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).putLong(2)
                        .put((byte) 0xC3).put((byte) 0x28).array(), "header is not valid UTF-8"),
                c("[1, 2]", 0, "header is not a JSON object"),
                c("{\"a\": ", 0, "header is not valid JSON (line 1, column 7)"),
                c("{\"a\": {}} x", 0, "header is not valid JSON (line 1, column 12)"),
                c("{'a': 1}", 0, "header is not valid JSON (line 1, column 3)"),
                c("{\"a\":" + f32x2 + "[0,8]}, \"a\":" + f32x2 + "[0,8]}}", 8, "header names 'a' twice"),
                c("{\"a\": 3}", 0, "tensor 'a': header entry is not a JSON object"),
                c("{\"a\": {\"shape\": [], \"data_offsets\": [0, 0]}}", 0, "tensor 'a': dtype is missing or not a string"),
                c("{\"a\": {\"dtype\": \"BF16\", \"shape\": [1], \"data_offsets\": [0, 2]}}", 2,
                        "tensor 'a': unknown dtype 'BF16' (nnc reads F32, F64 and I64)"),
                c("{\"a\": {\"dtype\": \"F32\", \"shape\": [-1], \"data_offsets\": [0, 4]}}", 4,
                        "tensor 'a': shape is missing or not an array of non-negative integers"),
                c("{\"a\": {\"dtype\": \"F32\", \"shape\": [1.5], \"data_offsets\": [0, 4]}}", 4,
                        "tensor 'a': shape is missing or not an array of non-negative integers"),
                c("{\"a\": " + f32x2 + "[8, 0]}}", 8, "tensor 'a': data_offsets must be [begin, end] with 0 <= begin <= end"),
                c("{\"a\": " + f32x2 + "[0]}}", 8, "tensor 'a': data_offsets must be [begin, end] with 0 <= begin <= end"),
                c("{\"a\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [0, 8]}}", 8,
                        "tensor 'a': shape (3) of F32 needs 12 bytes but data_offsets [0, 8] span 8"),
                c("{\"a\": {\"dtype\": \"F64\", \"shape\": [4294967296, 4294967296], \"data_offsets\": [0, 8]}}", 8,
                        "tensor 'a': shape (4294967296, 4294967296) is too large"),
                c("{\"a\": " + f32x2 + "[16, 24]}}", 8,
                        "tensor 'a' needs data bytes [16, 24) but the file holds only 8: it is truncated or the "
                                + "offsets are wrong"),
                c("{\"a\": " + f32x2 + "[0, 8]}, \"b\": " + f32x2 + "[4, 12]}}", 12,
                        "tensors 'a' [0, 8) and 'b' [4, 12) overlap"),
                c("{\"a\": " + f32x2 + "[0, 8]}, \"b\": " + f32x2 + "[12, 20]}}", 20,
                        "data bytes [8, 12) belong to no tensor"),
                c("{\"a\": " + f32x2 + "[0, 8]}}", 10, "data bytes [8, 10) belong to no tensor"),
                c("{\"__metadata__\": [\"x\"]}", 0, "__metadata__ is not a JSON object"),
                c("{\"__metadata__\": {\"epoch\": 3}}", 0, "__metadata__ value 'epoch' is not a string"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void corruptFileIsReportedClearly(byte[] bytes, String message) throws IOException {
        Path file = dir.resolve("bad.safetensors");
        Files.write(file, bytes);
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.read(file));
        assertEquals(file + ": " + message, e.getMessage());
        assertEquals(file, e.file());
    }
}
