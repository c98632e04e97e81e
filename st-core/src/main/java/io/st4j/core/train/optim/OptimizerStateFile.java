package io.st4j.core.train.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Saves and loads an {@link OptimizerState} as a safetensors file (readable by Python's {@code safetensors}).
 *
 * <p>Format: an 8-byte little-endian header length, a JSON header padded with spaces to a multiple of 8
 * bytes, then the raw little-endian float32 data of every tensor in header order. Tensors are
 * {@code exp_avg.<parameter>} and {@code exp_avg_sq.<parameter>} ({@code "dtype": "F32"}, the parameter's
 * shape); {@code __metadata__} holds {@code "format": "st4j-adamw-state-1"} and, per parameter,
 * {@code "step.<parameter>"}: its update count in decimal. Writes go to a temporary file in the same folder
 * that is then moved over the target, so a crash never leaves a half-written file.
 */
public final class OptimizerStateFile {

    /** The {@code format} metadata value this class writes and accepts. */
    public static final String FORMAT = "st4j-adamw-state-1";
    private static final String METADATA = "__metadata__";
    private static final String STEP = "step.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private OptimizerStateFile() {
    }

    /** Writes {@code state} to {@code file} atomically. */
    public static void write(OptimizerState state, Path file) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        ObjectNode metadata = header.putObject(METADATA);
        metadata.put("format", FORMAT);
        state.steps().forEach((name, step) -> metadata.put(STEP + name, Long.toString(step)));
        long offset = 0;
        Map<String, INDArray> tensors = state.tensors();
        for (Map.Entry<String, INDArray> entry : tensors.entrySet()) {
            ObjectNode info = header.putObject(entry.getKey());
            info.put("dtype", "F32");
            var shape = info.putArray("shape");
            for (long dim : entry.getValue().shape()) {
                shape.add(dim);
            }
            long end = offset + 4 * entry.getValue().length();
            info.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(padded).put(json);
        while (prefix.hasRemaining()) {
            prefix.put((byte) ' ');
        }
        prefix.flip();

        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                writeFully(channel, prefix);
                for (Map.Entry<String, INDArray> entry : tensors.entrySet()) {
                    writeFully(channel, DenseFloats.bytes("optimizer state", entry.getKey(), entry.getValue()));
                }
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Reads a file written by {@link #write}. */
    public static OptimizerState read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer lengthBytes = readFully(channel, 0, 8, file, size);
            long headerLength = lengthBytes.order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength <= 0 || headerLength > size - 8 || headerLength > Integer.MAX_VALUE) {
                throw bad(file, "header length " + headerLength + " does not fit the file size " + size);
            }
            ByteBuffer headerBytes = readFully(channel, 8, (int) headerLength, file, size);
            JsonNode header = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
            JsonNode metadata = header.path(METADATA);
            if (!FORMAT.equals(metadata.path("format").asText())) {
                throw bad(file, "metadata format is '" + metadata.path("format").asText() + "', expected '"
                        + FORMAT + "'");
            }
            Map<String, Long> steps = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (entry.getKey().startsWith(STEP)) {
                    steps.put(entry.getKey().substring(STEP.length()), parseStep(file, entry));
                }
            }
            long dataStart = 8 + headerLength;
            Map<String, INDArray> tensors = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!entry.getKey().equals(METADATA)) {
                    tensors.put(entry.getKey(), readTensor(channel, file, size, dataStart, entry));
                }
            }
            try {
                return OptimizerState.fromTensors(tensors, steps);
            } catch (IllegalArgumentException e) {
                throw bad(file, e.getMessage());
            }
        }
    }

    private static INDArray readTensor(FileChannel channel, Path file, long size, long dataStart,
                                       Map.Entry<String, JsonNode> entry) throws IOException {
        String name = entry.getKey();
        JsonNode info = entry.getValue();
        if (!"F32".equals(info.path("dtype").asText())) {
            throw bad(file, "tensor '" + name + "' has dtype '" + info.path("dtype").asText() + "', expected F32");
        }
        long[] shape = new long[info.path("shape").size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = info.path("shape").get(i).asLong(-1);
            if (shape[i] < 0) {
                throw bad(file, "tensor '" + name + "' has a negative dimension");
            }
            try {
                elements = Math.multiplyExact(elements, shape[i]);
            } catch (ArithmeticException e) {
                throw bad(file, "tensor '" + name + "' has an overflowing shape " + info.path("shape"));
            }
        }
        JsonNode offsets = info.path("data_offsets");
        long begin = offsets.path(0).asLong(-1);
        long end = offsets.path(1).asLong(-1);
        if (elements > Integer.MAX_VALUE / 4 || begin < 0 || end - begin != 4 * elements
                || dataStart + end > size) {
            throw bad(file, "tensor '" + name + "' has data offsets " + offsets + " that do not fit its shape "
                    + info.path("shape") + " or the file size " + size);
        }
        INDArray array = Nd4j.create(DataType.FLOAT, shape);
        ByteBuffer target = DenseFloats.bytes("optimizer state", name, array);
        while (target.hasRemaining()) {
            if (channel.read(target, dataStart + begin + target.position()) < 0) {
                throw bad(file, "truncated inside tensor '" + name + "'");
            }
        }
        return array;
    }

    private static long parseStep(Path file, Map.Entry<String, JsonNode> entry) throws IOException {
        try {
            long step = Long.parseLong(entry.getValue().asText());
            if (step >= 0) {
                return step;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(file, "metadata '" + entry.getKey() + "' is '" + entry.getValue().asText()
                + "', expected a non-negative integer");
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length, Path file, long size)
            throws IOException {
        if (position + length > size) {
            throw bad(file, "truncated: needs " + (position + length) + " bytes, has " + size);
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw bad(file, "truncated at byte " + (position + buffer.position()));
            }
        }
        buffer.flip();
        return buffer;
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static IOException bad(Path file, String problem) {
        return new IOException("invalid optimizer state file " + file + ": " + problem);
    }
}
