package io.st4j.core.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OptimizerStateFileTest {

    @Test
    void roundTripsEveryParameterExactly(@TempDir Path dir) throws IOException {
        OptimizerState state = sample();
        Path file = dir.resolve("optimizer.safetensors");
        OptimizerStateFile.write(state, file);
        OptimizerState back = OptimizerStateFile.read(file);
        assertEquals(state.steps(), back.steps());
        state.tensors().forEach((name, array) -> {
            INDArray read = back.tensors().get(name);
            assertArrayEquals(array.shape(), read.shape(), name);
            if (array.length() > 0) {
                assertArrayEquals(array.dup('c').data().asFloat(), read.data().asFloat(), 0f, name);
            }
        });
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void isASafetensorsFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("optimizer.safetensors");
        OptimizerStateFile.write(sample(), file);
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8);
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        assertEquals(OptimizerStateFile.FORMAT, header.path("__metadata__").path("format").asText());
        assertEquals("7", header.path("__metadata__").path("step.encoder.weight").asText());
        JsonNode weight = header.path("exp_avg_sq.encoder.weight");
        assertEquals("F32", weight.path("dtype").asText());
        assertEquals("[2,3]", weight.path("shape").toString());
        long end = 0;
        for (var it = header.fields(); it.hasNext(); ) {
            var entry = it.next();
            if (!entry.getKey().equals("__metadata__")) {
                end = Math.max(end, entry.getValue().path("data_offsets").get(1).asLong());
            }
        }
        assertEquals(bytes.length, 8 + headerLength + end);
        float first = ByteBuffer.wrap(bytes, (int) (8 + headerLength + weight.path("data_offsets").get(0).asLong()), 4)
                .order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertEquals(0.5f, first, 0f);
    }

    @Test
    void damagedFilesAreRejectedNamingTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("optimizer.safetensors");
        OptimizerStateFile.write(sample(), file);
        byte[] bytes = Files.readAllBytes(file);

        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 3));
        IOException e = assertThrows(IOException.class, () -> OptimizerStateFile.read(truncated));
        assertTrue(e.getMessage().contains("truncated.safetensors"), e.getMessage());

        Path garbage = dir.resolve("garbage.safetensors");
        Files.write(garbage, new byte[] {1, 2, 3});
        assertThrows(IOException.class, () -> OptimizerStateFile.read(garbage));

        Path foreign = dir.resolve("model.safetensors");
        byte[] json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer other = ByteBuffer.allocate(8 + json.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        other.putLong(json.length).put(json).putFloat(1f);
        Files.write(foreign, other.array());
        IOException format = assertThrows(IOException.class, () -> OptimizerStateFile.read(foreign));
        assertTrue(format.getMessage().contains("model.safetensors") && format.getMessage().contains("format"),
                format.getMessage());
    }

    private static OptimizerState sample() {
        Map<String, OptimizerState.ParameterState> parameters = new LinkedHashMap<>();
        parameters.put("encoder.weight", new OptimizerState.ParameterState(7,
                Nd4j.createFromArray(new float[][] {{1f, -2f, 3f}, {4f, 5e-30f, -6f}}),
                Nd4j.createFromArray(new float[][] {{0.5f, 2f, 3f}, {4f, Float.MIN_VALUE, 6f}})));
        parameters.put("encoder.bias", new OptimizerState.ParameterState(3,
                Nd4j.createFromArray(1e-8f, -1f), Nd4j.createFromArray(1e-16f, 1f)));
        parameters.put("logit_scale", new OptimizerState.ParameterState(2, Nd4j.scalar(2.5f), Nd4j.scalar(0.25f)));
        parameters.put("empty", new OptimizerState.ParameterState(0,
                Nd4j.create(DataType.FLOAT, 0), Nd4j.create(DataType.FLOAT, 0)));
        return new OptimizerState(parameters);
    }
}
