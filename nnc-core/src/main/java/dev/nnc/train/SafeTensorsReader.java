package dev.nnc.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.nnc.io.ReadLimits;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates a safetensors file while reading it: the header length fits the file, the header is strict
 * UTF-8 JSON with no duplicate names, every dtype is known, every shape's byte size equals its offsets'
 * span, and the tensors tile the data section exactly (no overlap, no gap, nothing past the end).
 */
final class SafeTensorsReader {

    /** A header entry before its bytes are attached. */
    private record Entry(String name, DType dtype, List<Integer> shape, long begin, long end) {
    }

    private final Path file;
    private final FileChannel channel;

    SafeTensorsReader(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    SafeTensorFile read() throws IOException {
        long fileSize = channel.size();
        if (fileSize < 8) {
            throw fail("file is " + fileSize + " bytes, too short for the 8-byte header length");
        }
        long n = readFully(0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 0 || n > fileSize - 8) {
            throw fail("header length " + Long.toUnsignedString(n) + " runs past the end of the file ("
                    + fileSize + " bytes)");
        }
        // the reads below stay within the size checked here, so these limits bound what is read
        if (n > ReadLimits.MAX_CHECKPOINT_HEADER_BYTES) {
            throw fail("header of " + n + " bytes is larger than "
                    + ReadLimits.describe(ReadLimits.MAX_CHECKPOINT_HEADER_BYTES) + ", the limit for a checkpoint "
                    + "header");
        }
        if (fileSize - 8 - n > ReadLimits.MAX_CHECKPOINT_DATA_BYTES) {
            throw fail((fileSize - 8 - n) + " bytes of tensor data is more than "
                    + ReadLimits.describe(ReadLimits.MAX_CHECKPOINT_DATA_BYTES) + ", the limit for a checkpoint");
        }
        JsonObject root = parseHeader(readFully(8, (int) n));
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : root.entrySet()) {
            if (e.getKey().equals(SafeTensors.METADATA_KEY)) {
                metadata = metadata(e.getValue());
            } else {
                entries.add(entry(e.getKey(), e.getValue()));
            }
        }
        long dataSize = fileSize - 8 - n;
        checkTiling(entries, dataSize);
        ByteBuffer data = readFully(8 + n, (int) dataSize).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, SafeTensor> tensors = new LinkedHashMap<>();
        for (Entry e : entries) {
            ByteBuffer slice = data.slice((int) e.begin, (int) (e.end - e.begin));
            tensors.put(e.name, new SafeTensor(e.name, e.dtype, e.shape, slice));
        }
        return new SafeTensorFile(metadata, tensors);
    }

    private JsonObject parseHeader(ByteBuffer bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw fail("header is not valid UTF-8");
        }
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                throw fail("header is not a JSON object");
            }
            JsonObject root = new JsonObject();
            reader.beginObject();
            while (reader.hasNext()) {
                String name = reader.nextName();
                if (root.has(name)) {
                    throw fail("header names '" + name + "' twice");
                }
                root.add(name, JsonParser.parseReader(reader));
            }
            reader.endObject();
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw fail("header has text after its JSON object");
            }
            return root;
        } catch (IOException | JsonParseException | IllegalStateException e) {
            // Gson's messages advise on its API; keep only where the text goes wrong.
            Matcher at = Pattern.compile("line (\\d+) column (\\d+)").matcher(String.valueOf(e.getMessage()));
            throw fail("header is not valid JSON" + (at.find() ? " (line " + at.group(1) + ", column "
                    + at.group(2) + ")" : ""));
        }
    }

    private Map<String, String> metadata(JsonElement value) {
        if (!value.isJsonObject()) {
            throw fail(SafeTensors.METADATA_KEY + " is not a JSON object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : value.getAsJsonObject().entrySet()) {
            if (!(e.getValue() instanceof JsonPrimitive p) || !p.isString()) {
                throw fail(SafeTensors.METADATA_KEY + " value '" + e.getKey() + "' is not a string");
            }
            out.put(e.getKey(), p.getAsString());
        }
        return out;
    }

    private Entry entry(String name, JsonElement value) {
        String where = "tensor '" + name + "': ";
        if (!value.isJsonObject()) {
            throw fail(where + "header entry is not a JSON object");
        }
        JsonObject o = value.getAsJsonObject();
        if (!(o.get("dtype") instanceof JsonPrimitive p) || !p.isString()) {
            throw fail(where + "dtype is missing or not a string");
        }
        DType dtype = DType.parse(p.getAsString()).orElseThrow(() -> fail(where + "unknown dtype '"
                + p.getAsString() + "' (nnc reads F32, F64 and I64)"));
        long[] shape = longs(o.get("shape"), -1);
        if (shape == null) {
            throw fail(where + "shape is missing or not an array of non-negative integers");
        }
        long[] offsets = longs(o.get("data_offsets"), 2);
        if (offsets == null || offsets[0] > offsets[1]) {
            throw fail(where + "data_offsets must be [begin, end] with 0 <= begin <= end");
        }
        long bytes = dtype.bytes();
        List<Integer> dims = new ArrayList<>();
        for (long d : shape) {
            if (d > Integer.MAX_VALUE || (d > 0 && bytes > Integer.MAX_VALUE / d)) {
                throw fail(where + "shape " + ShapeText.of(shape) + " is too large");
            }
            bytes *= d;
            dims.add((int) d);
        }
        if (bytes != offsets[1] - offsets[0]) {
            throw fail(where + "shape " + ShapeText.of(shape) + " of " + dtype + " needs " + bytes
                    + " bytes but data_offsets [" + offsets[0] + ", " + offsets[1] + "] span "
                    + (offsets[1] - offsets[0]));
        }
        return new Entry(name, dtype, dims, offsets[0], offsets[1]);
    }

    /** The array's elements as non-negative longs, or null when it is not such an array (of that length). */
    private static long[] longs(JsonElement value, int length) {
        if (value == null || !value.isJsonArray()) {
            return null;
        }
        JsonArray a = value.getAsJsonArray();
        if (length >= 0 && a.size() != length) {
            return null;
        }
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(a.get(i) instanceof JsonPrimitive p) || !p.isNumber()) {
                return null;
            }
            try {
                out[i] = p.getAsBigDecimal().longValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
            if (out[i] < 0) {
                return null;
            }
        }
        return out;
    }

    /** The tensors must cover [0, dataSize) exactly once, as the safetensors specification demands. */
    private void checkTiling(List<Entry> entries, long dataSize) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.end > dataSize) {
                throw fail("tensor '" + e.name + "' needs data bytes [" + e.begin + ", " + e.end
                        + ") but the file holds only " + dataSize + ": it is truncated or the offsets are wrong");
            }
            if (e.begin < covered) {
                throw fail("tensors '" + previous.name + "' [" + previous.begin + ", " + previous.end + ") and '"
                        + e.name + "' [" + e.begin + ", " + e.end + ") overlap");
            }
            if (e.begin > covered) {
                throw fail("data bytes [" + covered + ", " + e.begin + ") belong to no tensor");
            }
            covered = e.end;
            if (e.end > e.begin || previous == null) {
                previous = e;
            }
        }
        if (covered != dataSize) {
            throw fail("data bytes [" + covered + ", " + dataSize + ") belong to no tensor");
        }
    }

    private ByteBuffer readFully(long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw fail("file ended while reading");
            }
        }
        return buffer.flip();
    }

    private CheckpointException fail(String problem) {
        return new CheckpointException(file, problem);
    }
}
