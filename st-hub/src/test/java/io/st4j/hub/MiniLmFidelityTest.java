package io.st4j.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.EncodeOptions;
import io.st4j.core.SentenceTransformer;
import io.st4j.core.io.Json;
import io.st4j.core.modules.Activation;
import io.st4j.core.modules.Dense;
import io.st4j.core.modules.InputModule;
import io.st4j.core.modules.Normalize;
import io.st4j.core.modules.Pooling;
import io.st4j.core.modules.PoolingMode;
import io.st4j.core.modules.TokenBatch;
import io.st4j.core.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The real all-MiniLM-L6-v2, imported from its ONNX export, against Python sentence-transformers
 * (minilm_embeddings.json, module_cases.json).
 */
class MiniLmFidelityTest {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MiniLmFidelityTest.class);
    private static SentenceTransformer model;

    @TempDir
    Path tmp;

    @TempDir
    static Path imported;

    /** Imports afresh (not from the user's cache) so the test exercises the current import code. */
    @BeforeAll
    static void importModel() throws Exception {
        model = MiniLm.importInto(imported);
    }

    private static float[] floats(JsonNode node) {
        float[] v = new float[node.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) node.get(i).asDouble();
        }
        return v;
    }

    private static double maxAbsDiff(float[][] actual, JsonNode expected) {
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            float[] e = floats(expected.get(i));
            assertEquals(e.length, actual[i].length, "row " + i + " width");
            for (int d = 0; d < e.length; d++) {
                max = Math.max(max, Math.abs(e[d] - actual[i][d]));
            }
        }
        return max;
    }

    @Test
    void tokenIdsAndEmbeddingsEqualPython() {
        JsonNode ref = SharedData.referenceJson("minilm_embeddings.json");
        List<String> sentences = MiniLm.referenceSentences();
        InputModule input = (InputModule) model.modules().get(0);
        for (int i = 0; i < sentences.size(); i++) {
            TokenBatch batch = input.tokenize(List.of(sentences.get(i)));
            int[] expected = new int[ref.get("token_ids").get(i).size()];
            for (int t = 0; t < expected.length; t++) {
                expected[t] = ref.get("token_ids").get(i).get(t).asInt();
            }
            assertArrayEquals(expected, batch.inputIds(), "token ids of sentence " + i);
        }
        float[][] embeddings = model.encode(sentences, EncodeOptions.builder().batchSize(32).build());
        double diff = maxAbsDiff(embeddings, ref.get("embeddings"));
        assertTrue(diff <= 1e-5, "embeddings max abs diff " + diff);
        LOG.info("all-MiniLM-L6-v2 vs Python: max abs diff {} (embeddings)", diff);

        SentenceTransformer unnormalized = SentenceTransformer.of(model.modules().get(0), model.modules().get(1));
        double before = maxAbsDiff(unnormalized.encode(sentences), ref.get("embeddings_before_normalize"));
        assertTrue(before <= 1e-5, "embeddings_before_normalize max abs diff " + before);
        LOG.info("all-MiniLM-L6-v2 vs Python: max abs diff {} (before normalize)", before);

        float[][] single = new float[sentences.size()][];
        for (int i = 0; i < sentences.size(); i++) {
            single[i] = model.encode(List.of(sentences.get(i)))[0];
        }
        double batchedVsSingle = 0;
        for (int i = 0; i < single.length; i++) {
            for (int d = 0; d < single[i].length; d++) {
                batchedVsSingle = Math.max(batchedVsSingle, Math.abs(single[i][d] - embeddings[i][d]));
            }
        }
        assertTrue(batchedVsSingle <= 1e-6, "batched vs one at a time " + batchedVsSingle);
        LOG.info("all-MiniLM-L6-v2 batched vs one at a time: max abs diff {}", batchedVsSingle);
    }

    @Test
    void clsMeanDenseNormalizePipelineEncodesAndSavesAsPython() throws Exception {
        JsonNode cases = SharedData.referenceJson("module_cases.json");
        JsonNode pipeline = cases.get("pipelines").get("cls+mean_dense8_normalize");
        JsonNode weights = pipeline.get("dense_weights");
        float[][] w = new float[weights.get("linear.weight").size()][];
        for (int i = 0; i < w.length; i++) {
            w[i] = floats(weights.get("linear.weight").get(i));
        }
        SentenceTransformer composed = SentenceTransformer.of(model.modules().get(0),
                new Pooling(384, List.of(PoolingMode.CLS, PoolingMode.MEAN), true),
                new Dense(Nd4j.createFromArray(w), Nd4j.createFromArray(floats(weights.get("linear.bias"))),
                        Activation.TANH),
                new Normalize());
        List<String> sentences = new ArrayList<>();
        cases.get("inputs").get("sentences").forEach(s -> sentences.add(s.asText()));
        double diff = maxAbsDiff(composed.encode(sentences), pipeline.get("encode"));
        assertTrue(diff <= 1e-5, "pipeline encode max abs diff " + diff);

        Path saved = tmp.resolve("saved");
        composed.save(saved);
        JsonNode files = pipeline.get("saved_files");
        for (String exact : List.of("modules.json", "1_Pooling/config.json", "2_Dense/config.json",
                "sentence_bert_config.json", "special_tokens_map.json")) {
            assertEquals(files.get(exact).get("text").asText(),
                    Files.readString(saved.resolve(exact), StandardCharsets.UTF_8), exact);
        }
        assertTrue(Files.isDirectory(saved.resolve("3_Normalize")));
        JsonNode expectedConfig = Json.mapper().readTree(files.get("config.json").get("text").asText());
        JsonNode savedConfig = Json.read(saved.resolve("config.json"));
        expectedConfig.fieldNames().forEachRemaining(key -> {
            if (!key.equals("_name_or_path") && !key.equals("transformers_version")) {
                assertEquals(expectedConfig.get(key), savedConfig.get(key), "config.json " + key);
            }
        });
        JsonNode expectedSettings = Json.mapper().readTree(files.get("config_sentence_transformers.json").get("text").asText());
        JsonNode savedSettings = Json.read(saved.resolve("config_sentence_transformers.json"));
        for (String key : List.of("model_type", "default_prompt_name", "similarity_fn_name")) {
            assertEquals(expectedSettings.get(key), savedSettings.get(key), key);
        }
        assertEquals(expectedSettings.get("__version__").get("sentence_transformers"),
                savedSettings.get("__version__").get("sentence_transformers"));
        for (String weightsFile : List.of("model.safetensors", "2_Dense/model.safetensors")) {
            JsonNode header = files.get(weightsFile).get("safetensors_header");
            assertEquals(files.get(weightsFile).get("bytes").asLong(), Files.size(saved.resolve(weightsFile)),
                    weightsFile + " size");
            Map<String, ?> tensors = io.st4j.core.io.SafeTensors.read(saved.resolve(weightsFile));
            header.fieldNames().forEachRemaining(name -> assertTrue(name.equals("__metadata__") || tensors.containsKey(name),
                    weightsFile + " lacks " + name));
        }
        SentenceTransformer reloaded = SentenceTransformer.load(saved);
        float[][] before = composed.encode(sentences);
        float[][] after = reloaded.encode(sentences);
        for (int i = 0; i < before.length; i++) {
            assertArrayEquals(before[i], after[i], "reloaded sentence " + i);
        }
    }
}
