package io.st4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.st4j.core.io.Json;
import io.st4j.core.modules.Normalize;
import io.st4j.core.modules.Pooling;
import io.st4j.core.modules.PoolingMode;
import io.st4j.core.testing.TinyBert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The v5.4+/v6 forms of the folder format load like the legacy form st4j writes. */
class FolderFormsTest {

    @TempDir
    Path tmp;

    @Test
    void currentFormLoadsAsTheLegacyOne() throws Exception {
        Path legacy = tmp.resolve("legacy");
        SentenceTransformer written = SentenceTransformer.of(
                io.st4j.core.modules.Transformer.load(TinyBert.folder(tmp.resolve("tiny"))),
                new Pooling(32, List.of(PoolingMode.CLS, PoolingMode.MEAN), true), new Normalize());
        written.save(legacy);

        Path current = tmp.resolve("current");
        Files.createDirectories(current.resolve("1_Pooling"));
        Files.createDirectories(current.resolve("2_Normalize"));
        for (String file : List.of("config.json", "model.safetensors", "tokenizer.json")) {
            Files.copy(legacy.resolve(file), current.resolve(file));
        }
        Json.write(current.resolve("modules.json"), List.of(
                Map.of("idx", 0, "name", "0", "path", "", "type", "sentence_transformers.base.modules.transformer.Transformer"),
                Map.of("idx", 1, "name", "1", "path", "1_Pooling",
                        "type", "sentence_transformers.sentence_transformer.modules.pooling.Pooling"),
                Map.of("idx", 2, "name", "2", "path", "2_Normalize",
                        "type", "sentence_transformers.base.modules.normalize.Normalize")), 2);
        Json.write(current.resolve("sentence_bert_config.json"), Map.of("transformer_task", "feature-extraction",
                "module_output_name", "token_embeddings"), 4);
        Json.write(current.resolve("tokenizer_config.json"), Map.of("model_max_length", 64), 2);
        Json.write(current.resolve("1_Pooling/config.json"), Map.of("embedding_dimension", 32,
                "pooling_mode", List.of("cls", "mean"), "include_prompt", true), 4);
        Json.write(current.resolve("2_Normalize/config.json"), Map.of("module_input_name", "sentence_embedding",
                "module_output_name", "sentence_embedding"), 4);

        SentenceTransformer fromLegacy = SentenceTransformer.load(legacy);
        SentenceTransformer fromCurrent = SentenceTransformer.load(current);
        assertEquals(64, fromCurrent.maxSeqLength(), "max length from tokenizer_config.json");
        List<String> texts = List.of("a b c", "w50 w60 w70 z");
        float[][] a = fromLegacy.encode(texts);
        float[][] b = fromCurrent.encode(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(a[i], b[i], "text " + i);
        }
    }
}
