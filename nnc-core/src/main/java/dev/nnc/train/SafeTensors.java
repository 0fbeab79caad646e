package dev.nnc.train;

import com.google.common.base.Preconditions;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.nnc.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the safetensors format (Hugging Face), which Python's {@code safetensors} and plain NumPy
 * read too:
 * <pre>
 * [8 bytes]  N, the header length, unsigned little-endian
 * [N bytes]  UTF-8 JSON: {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...,
 *                         "__metadata__": {"key": "value", ...}}, padded with spaces so the data starts
 *                         at a multiple of 8
 * [rest]     the tensors' raw little-endian bytes, row-major, contiguous, in header order; offsets are
 *            relative to the start of this section
 * </pre>
 * Writes are atomic ({@link AtomicFiles}); reads validate the whole layout ({@link SafeTensorsReader}).
 * Every failure is a {@link CheckpointException} naming the file.
 */
public final class SafeTensors {

    /** The header key of the string-to-string metadata map. */
    public static final String METADATA_KEY = "__metadata__";

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private SafeTensors() {
    }

    /** Writes {@code tensors} (in this order) and {@code metadata} to {@code file}, replacing it atomically. */
    public static void write(Path file, Map<String, String> metadata, List<SafeTensorSource> tensors) {
        byte[] header = header(metadata, tensors);
        try {
            AtomicFiles.write(file, channel -> {
                ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
                writeFully(channel, length.flip());
                writeFully(channel, ByteBuffer.wrap(header));
                for (SafeTensorSource t : tensors) {
                    writeFully(channel, bytesOf(t));
                }
            });
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot write: " + e, e);
        } catch (RuntimeException e) {
            throw new CheckpointException(file, "writing failed, the previous file is left as it was: " + e, e);
        }
    }

    /** Reads and validates {@code file}; the tensors' bytes are held in memory. */
    public static SafeTensorFile read(Path file) {
        // a FIFO would block the open forever, a device never end
        if (java.nio.file.Files.exists(file) && !java.nio.file.Files.isRegularFile(file)) {
            throw new CheckpointException(file, "not a regular file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return new SafeTensorsReader(file, channel).read();
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "no such file");
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e, e);
        }
    }

    /** The JSON header, space-padded so that 8 + its length is a multiple of 8. */
    static byte[] header(Map<String, String> metadata, List<SafeTensorSource> tensors) {
        JsonObject root = new JsonObject();
        Set<String> names = new HashSet<>();
        long offset = 0;
        for (SafeTensorSource t : tensors) {
            Preconditions.checkArgument(names.add(t.name()), "tensor %s is written twice", t.name());
            JsonObject entry = new JsonObject();
            entry.addProperty("dtype", t.dtype().name());
            JsonArray shape = new JsonArray();
            t.shape().forEach(shape::add);
            entry.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offset += t.byteLength();
            offsets.add(offset);
            entry.add("data_offsets", offsets);
            root.add(t.name(), entry);
        }
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            root.add(METADATA_KEY, meta);
        }
        byte[] json = GSON.toJson(root).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 8 + 7) / 8 * 8 - 8;
        byte[] header = new byte[padded];
        System.arraycopy(json, 0, header, 0, json.length);
        java.util.Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    private static ByteBuffer bytesOf(SafeTensorSource t) {
        long length = t.byteLength();
        Preconditions.checkArgument(length <= Integer.MAX_VALUE, "tensor %s of %s bytes is too large", t.name(), length);
        ByteBuffer buffer = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
        t.payload().write(buffer);
        Preconditions.checkState(!buffer.hasRemaining(), "tensor %s wrote %s of its %s bytes", t.name(),
                buffer.position(), length);
        return buffer.flip();
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
