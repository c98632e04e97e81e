package io.st4j.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.st4j.core.io.Json;
import io.st4j.core.io.ModelFormatException;
import io.st4j.core.io.SafeTensors;
import io.st4j.core.testing.TinyBert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Each malformed folder fails with a message naming the file or field at fault. */
class BadModelFolderTest {

    @TempDir
    Path tmp;

    private static void assertMessage(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message lacks '" + part + "': " + e.getMessage());
        }
    }

    @Test
    void folderThatIsNotAModel() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertMessage(assertThrows(ModelFormatException.class, () -> SentenceTransformer.load(empty)),
                "not a model folder");
    }

    @Test
    void unknownModelType() throws IOException {
        Path dir = TinyBert.folder(tmp.resolve("m"));
        ObjectNode config = (ObjectNode) Json.read(dir.resolve("config.json"));
        config.put("model_type", "gpt9");
        Json.write(dir.resolve("config.json"), config, 2);
        assertMessage(assertThrows(ModelFormatException.class, () -> SentenceTransformer.load(dir)),
                "config.json", "gpt9", "bert");
    }

    @Test
    void tensorShapeThatDisagreesWithConfig() throws IOException {
        Path dir = TinyBert.folder(tmp.resolve("m"));
        ObjectNode config = (ObjectNode) Json.read(dir.resolve("config.json"));
        config.put("intermediate_size", 48);
        Json.write(dir.resolve("config.json"), config, 2);
        assertMessage(assertThrows(ModelFormatException.class, () -> SentenceTransformer.load(dir)),
                "encoder.layer.0.intermediate.dense.weight", "[64, 32]", "[48, 32]");
    }

    @Test
    void missingTensor() throws IOException {
        Path dir = TinyBert.folder(tmp.resolve("m"));
        Map<String, INDArray> weights = new java.util.HashMap<>(SafeTensors.read(dir.resolve("model.safetensors")));
        weights.remove("encoder.layer.1.output.LayerNorm.bias");
        SafeTensors.write(dir.resolve("model.safetensors"), weights, Map.of());
        assertMessage(assertThrows(ModelFormatException.class, () -> SentenceTransformer.load(dir)),
                "encoder.layer.1.output.LayerNorm.bias");
    }

    @Test
    void missingTokenizer() throws IOException {
        Path dir = TinyBert.folder(tmp.resolve("m"));
        Files.delete(dir.resolve("tokenizer.json"));
        assertMessage(assertThrows(ModelFormatException.class, () -> SentenceTransformer.load(dir)),
                "tokenizer.json");
    }

    @Test
    void unknownPoolingMode() throws IOException {
        Path dir = TinyBert.folder(tmp.resolve("m"));
        Json.write(dir.resolve("modules.json"), List.of(
                Map.of("idx", 0, "name", "0", "path", "", "type", "sentence_transformers.models.Transformer"),
                Map.of("idx", 1, "name", "1", "path", "1_Pooling", "type", "sentence_transformers.models.Pooling")), 2);
        Files.createDirectories(dir.resolve("1_Pooling"));
        Json.write(dir.resolve("1_Pooling/config.json"), Map.of("embedding_dimension", 32, "pooling_mode", "median"), 2);
        assertMessage(assertThrows(ModelFormatException.class, () -> SentenceTransformer.load(dir)),
                "1_Pooling", "median");
    }

    @Test
    void unknownModuleType() throws IOException {
        Path dir = TinyBert.folder(tmp.resolve("m"));
        Json.write(dir.resolve("modules.json"), List.of(
                Map.of("idx", 0, "name", "0", "path", "", "type", "my.company.Mystery")), 2);
        assertMessage(assertThrows(ModelFormatException.class, () -> SentenceTransformer.load(dir)),
                "modules.json", "my.company.Mystery");
    }

    @Test
    void garbageWeights() throws IOException {
        Path dir = TinyBert.folder(tmp.resolve("m"));
        Files.write(dir.resolve("model.safetensors"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        assertMessage(assertThrows(ModelFormatException.class, () -> SentenceTransformer.load(dir)),
                "model.safetensors");
    }
}
