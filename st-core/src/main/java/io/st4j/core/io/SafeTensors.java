package io.st4j.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
 * ({@code name -> {dtype, shape, data_offsets}} plus optional {@code __metadata__}), then the raw
 * little-endian tensor bytes. F32, F16 and BF16 are read as float32, I64 as int64; F32 is written.
 */
public final class SafeTensors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METADATA = "__metadata__";
    /** A header larger than this is not a safetensors header (the format's own limit is 100 MB). */
    private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private SafeTensors() {
    }

    /** The tensors of one file, in header order. */
    public static Map<String, INDArray> read(Path file) throws IOException {
        return readWithMetadata(file).tensors();
    }

    /** The tensors and the {@code __metadata__} strings of one file. */
    public static Contents readWithMetadata(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            if (fileSize < 8) {
                throw new SafeTensorsException(file, "file is " + fileSize + " bytes, shorter than the 8-byte header length");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > fileSize) {
                throw new SafeTensorsException(file, "header length " + headerLength
                        + " does not fit in a file of " + fileSize + " bytes");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(channel, headerBytes, 8);
            JsonNode header;
            try {
                header = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new SafeTensorsException(file, "header is not valid JSON: " + e.getOriginalMessage());
            }
            if (header == null || !header.isObject()) {
                throw new SafeTensorsException(file, "header is not a JSON object");
            }
            long dataStart = 8 + headerLength;
            long dataSize = fileSize - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, INDArray> tensors = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().equals(METADATA)) {
                    field.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                    continue;
                }
                tensors.put(field.getKey(), readTensor(file, channel, field.getKey(), field.getValue(), dataStart, dataSize));
            }
            return new Contents(tensors, metadata);
        }
    }

    private static INDArray readTensor(Path file, FileChannel channel, String name, JsonNode entry,
                                       long dataStart, long dataSize) throws IOException {
        JsonNode offsets = entry.get("data_offsets");
        JsonNode shapeNode = entry.get("shape");
        String dtype = entry.path("dtype").asText("");
        if (offsets == null || offsets.size() != 2 || shapeNode == null || !shapeNode.isArray()) {
            throw new SafeTensorsException(file, "tensor '" + name + "' lacks dtype, shape or data_offsets");
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong();
            if (shape[i] < 0) {
                throw new SafeTensorsException(file, "tensor '" + name + "' has a negative dimension");
            }
            count *= shape[i];
        }
        int width = elementWidth(file, name, dtype);
        if (begin < 0 || end < begin || end > dataSize || end - begin != count * width) {
            throw new SafeTensorsException(file, "tensor '" + name + "' (" + dtype + ", shape "
                    + java.util.Arrays.toString(shape) + ") has data_offsets [" + begin + ", " + end
                    + "] that do not fit the shape or the " + dataSize + " data bytes of the file");
        }
        if (count > Integer.MAX_VALUE / width) {
            throw new SafeTensorsException(file, "tensor '" + name + "' is too large to load");
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, bytes, dataStart + begin);
        bytes.flip();
        int n = (int) count;
        switch (dtype) {
            case "F32": {
                float[] values = new float[n];
                bytes.asFloatBuffer().get(values);
                return Nd4j.create(values, shape, 'c');
            }
            case "F16": {
                float[] values = new float[n];
                for (int i = 0; i < n; i++) {
                    values[i] = halfToFloat(bytes.getShort(2 * i));
                }
                return Nd4j.create(values, shape, 'c');
            }
            case "BF16": {
                float[] values = new float[n];
                for (int i = 0; i < n; i++) {
                    values[i] = Float.intBitsToFloat((bytes.getShort(2 * i) & 0xffff) << 16);
                }
                return Nd4j.create(values, shape, 'c');
            }
            case "I64": {
                long[] values = new long[n];
                bytes.asLongBuffer().get(values);
                return Nd4j.createFromArray(values).reshape(shape);
            }
            default:
                throw new AssertionError(dtype);
        }
    }

    /** IEEE 754 binary16 to float32, exact for every value including subnormals, infinities and NaN. */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    private static int elementWidth(Path file, String name, String dtype) {
        switch (dtype) {
            case "F32":
                return 4;
            case "F16":
            case "BF16":
                return 2;
            case "I64":
                return 8;
            default:
                throw new SafeTensorsException(file, "tensor '" + name + "' has dtype '" + dtype
                        + "'; supported: F32, F16, BF16, I64");
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long pos = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, pos);
            if (read < 0) {
                throw new IOException("unexpected end of file at byte " + pos);
            }
            pos += read;
        }
    }

    /**
     * Writes float32 tensors sorted by name (as the Python writer does), with optional metadata.
     * The file is written beside its target and moved into place.
     */
    public static void write(Path file, Map<String, INDArray> tensors, Map<String, String> metadata) throws IOException {
        Map<String, INDArray> sorted = new TreeMap<>(tensors);
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, INDArray> e : sorted.entrySet()) {
            INDArray array = e.getValue();
            if (array.dataType() != DataType.FLOAT) {
                throw new IllegalArgumentException("tensor '" + e.getKey() + "' is " + array.dataType()
                        + "; only float32 is written");
            }
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", "F32");
            var shape = entry.putArray("shape");
            for (long d : array.shape()) {
                shape.add(d);
            }
            long bytes = array.length() * 4;
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] headerJson = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (headerJson.length + 7) / 8 * 8;
        byte[] headerBytes = new byte[padded];
        java.util.Arrays.fill(headerBytes, (byte) ' ');
        System.arraycopy(headerJson, 0, headerBytes, 0, headerJson.length);

        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(length.array());
            out.write(headerBytes);
            for (INDArray array : sorted.values()) {
                float[] values = array.dup('c').data().asFloat();
                ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                buffer.asFloatBuffer().put(values);
                out.write(buffer.array());
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The tensors of a file and its {@code __metadata__}. */
    public record Contents(Map<String, INDArray> tensors, Map<String, String> metadata) {
    }
}
