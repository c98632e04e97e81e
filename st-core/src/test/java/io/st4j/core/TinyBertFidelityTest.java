package io.st4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.modules.ModuleGraph;
import io.st4j.core.modules.Pooling;
import io.st4j.core.modules.PoolingMode;
import io.st4j.core.modules.TokenBatch;
import io.st4j.core.modules.Transformer;
import io.st4j.core.testing.SharedData;
import io.st4j.core.testing.TinyBert;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The BERT graph against Python transformers' outputs for the reference tiny BERT (tiny_models/cases.json). */
class TinyBertFidelityTest {

    @TempDir
    Path tmp;

    @Test
    void hiddenStatesAndMeanPoolingEqualPython() throws Exception {
        JsonNode bertCase = SharedData.referenceJson("tiny_models/cases.json").path("architectures").path("bert");
        Transformer transformer = Transformer.load(TinyBert.folder(tmp.resolve("bert")));
        EmbeddingGraph graph = EmbeddingGraph.build(List.of(transformer,
                new Pooling(transformer.embeddingDimension(), PoolingMode.MEAN)));

        TokenBatch batch = batchOf(bertCase);
        Map<String, INDArray> out = graph.run(transformer.graphInputs(batch), true);

        INDArray tokens = out.get(ModuleGraph.TOKEN_EMBEDDINGS);
        JsonNode expected = bertCase.get("last_hidden_state");
        double maxDiff = 0;
        for (int b = 0; b < batch.size(); b++) {
            for (int t = 0; t < batch.length(); t++) {
                for (int h = 0; h < 32; h++) {
                    maxDiff = Math.max(maxDiff, Math.abs(tokens.getDouble(b, t, h) - expected.get(b).get(t).get(h).asDouble()));
                }
            }
        }
        assertEquals(0, maxDiff, 1e-5, "last_hidden_state, padded positions included");

        INDArray sentence = out.get(ModuleGraph.SENTENCE_EMBEDDING);
        JsonNode mean = bertCase.get("sentence_embedding_mean");
        for (int b = 0; b < batch.size(); b++) {
            for (int h = 0; h < 32; h++) {
                assertEquals(mean.get(b).get(h).asDouble(), sentence.getDouble(b, h), 1e-5, "row " + b + " dim " + h);
            }
        }
    }

    static TokenBatch batchOf(JsonNode testCase) {
        JsonNode ids = testCase.get("input_ids");
        int size = ids.size();
        int length = ids.get(0).size();
        int[] flatIds = new int[size * length];
        int[] mask = new int[size * length];
        int[] types = new int[size * length];
        for (int b = 0; b < size; b++) {
            for (int t = 0; t < length; t++) {
                flatIds[b * length + t] = ids.get(b).get(t).asInt();
                mask[b * length + t] = testCase.get("attention_mask").get(b).get(t).asInt();
                types[b * length + t] = testCase.path("token_type_ids").path(b).path(t).asInt(0);
            }
        }
        return new TokenBatch(size, length, flatIds, mask, types);
    }
}
