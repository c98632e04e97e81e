package io.st4j.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SafeTensorsTest {

    @TempDir
    Path tmp;

    /** Builds a safetensors file by hand: header JSON then raw little-endian bytes. */
    private Path file(String name, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h).put(data);
        Path path = tmp.resolve(name);
        Files.write(path, buf.array());
        return path;
    }

    @Test
    void writeThenReadRoundTripsWithMetadataAndSortedHeader() throws IOException {
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        tensors.put("z.weight", Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}}));
        tensors.put("a.bias", Nd4j.createFromArray(new float[] {-1.5f, 0.25f}));
        Path path = tmp.resolve("model.safetensors");
        SafeTensors.write(path, tensors, Map.of("format", "pt"));
        SafeTensors.Contents read = SafeTensors.readWithMetadata(path);
        assertEquals(Map.of("format", "pt"), read.metadata());
        assertEquals(java.util.List.of("a.bias", "z.weight"), java.util.List.copyOf(read.tensors().keySet()));
        assertEquals(tensors.get("z.weight"), read.tensors().get("z.weight"));
        assertEquals(tensors.get("a.bias"), read.tensors().get("a.bias"));
        assertEquals(0, (Files.size(path) - 8 - 4 * 8) % 8, "header padded to a multiple of 8 bytes");
    }

    @Test
    void readsHalfBfloatAndInt64() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(2 * 3 + 2 * 2 + 8 * 2).order(ByteOrder.LITTLE_ENDIAN);
        data.putShort((short) 0x3c00).putShort((short) 0xc000).putShort((short) 0x0001); // F16: 1, -2, 2^-24
        data.putShort((short) 0x3f80).putShort((short) 0x4049); // BF16: 1, 3.140625
        data.putLong(7).putLong(-9); // I64
        Path path = file("mixed.safetensors", "{\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[6,10]},"
                + "\"i\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[10,26]}}", data.array());
        Map<String, INDArray> t = SafeTensors.read(path);
        assertArrayEquals(new float[] {1f, -2f, (float) Math.pow(2, -24)}, t.get("h").toFloatVector());
        assertArrayEquals(new float[] {1f, 3.140625f}, t.get("b").toFloatVector());
        assertArrayEquals(new long[] {7, -9}, t.get("i").toLongVector());
    }

    @Test
    void truncatedFileIsRejectedNamingFileAndTensor() throws IOException {
        Path path = file("short.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}",
                new byte[8]);
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(path));
        assertTrue(e.getMessage().contains("short.safetensors") && e.getMessage().contains("'w'"), e.getMessage());
    }

    @Test
    void headerLengthLargerThanFileIsRejected() throws IOException {
        Path path = tmp.resolve("huge-header.safetensors");
        ByteBuffer buf = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1_000_000).putLong(0);
        Files.write(path, buf.array());
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(path));
        assertTrue(e.getMessage().contains("header length 1000000"), e.getMessage());
    }

    @Test
    void garbageIsRejected() throws IOException {
        Path path = tmp.resolve("garbage.safetensors");
        byte[] bytes = new byte[64];
        Arrays.fill(bytes, (byte) 0x41);
        Files.write(path, bytes);
        assertThrows(SafeTensorsException.class, () -> SafeTensors.read(path));
        Path json = file("notjson.safetensors", "{not json}", new byte[0]);
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(json));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        Path tiny = tmp.resolve("tiny.safetensors");
        Files.write(tiny, new byte[3]);
        assertThrows(SafeTensorsException.class, () -> SafeTensors.read(tiny));
    }

    @Test
    void unsupportedDtypeIsNamed() throws IOException {
        Path path = file("u8.safetensors", "{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]);
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(path));
        assertTrue(e.getMessage().contains("U8"), e.getMessage());
    }

    @Test
    void shardedCheckpointIsReadThroughItsIndex() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("sharded"));
        SafeTensors.write(dir.resolve("model-00001-of-00002.safetensors"),
                Map.of("a", Nd4j.createFromArray(new float[] {1, 2})), Map.of());
        SafeTensors.write(dir.resolve("model-00002-of-00002.safetensors"),
                Map.of("b", Nd4j.createFromArray(new float[] {3})), Map.of());
        Json.write(dir.resolve(Checkpoints.SAFETENSORS_INDEX), Map.of("metadata", Map.of(), "weight_map",
                Map.of("a", "model-00001-of-00002.safetensors", "b", "model-00002-of-00002.safetensors")), 2);
        Map<String, INDArray> all = Checkpoints.read(dir);
        assertEquals(2, all.size());
        assertArrayEquals(new float[] {3}, all.get("b").toFloatVector());

        Json.write(dir.resolve(Checkpoints.SAFETENSORS_INDEX), Map.of("weight_map",
                Map.of("a", "model-00001-of-00002.safetensors", "c", "missing.safetensors")), 2);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Checkpoints.read(dir));
        assertTrue(e.getMessage().contains("missing.safetensors"), e.getMessage());
    }

    @Test
    void pytorchOnlyFolderGetsAClearError() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("pt"));
        Files.write(dir.resolve("pytorch_model.bin"), new byte[] {1});
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Checkpoints.read(dir));
        assertTrue(e.getMessage().contains("pytorch_model.bin") && e.getMessage().contains("safetensors"),
                e.getMessage());
    }
}
