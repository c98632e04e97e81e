package io.st4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.modules.ModuleGraph;
import io.st4j.core.modules.Pooling;
import io.st4j.core.modules.PoolingMode;
import io.st4j.core.modules.TokenBatch;
import io.st4j.core.modules.Transformer;
import io.st4j.core.testing.SharedData;
import io.st4j.core.testing.TinyEncoders;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every encoder graph against Python transformers' outputs for the reference tiny models
 * (tiny_models/cases.json), fed the recorded input ids and attention masks (and BERT's token types):
 * {@code last_hidden_state} including padded positions, and the mean-pooled embedding.
 */
class TinyEncoderFidelityTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"bert", "roberta", "xlm-roberta", "distilbert", "mpnet"})
    void hiddenStatesAndMeanPoolingEqualPython(String architecture) throws Exception {
        JsonNode testCase = SharedData.referenceJson("tiny_models/cases.json").path("architectures").path(architecture);
        Transformer transformer = Transformer.load(TinyEncoders.folder(architecture, tmp.resolve(architecture)));
        EmbeddingGraph graph = EmbeddingGraph.build(List.of(transformer,
                new Pooling(transformer.embeddingDimension(), PoolingMode.MEAN)));

        TokenBatch batch = TinyEncoders.referenceBatch(testCase);
        Map<String, INDArray> out = graph.run(transformer.graphInputs(batch), true);

        INDArray tokens = out.get(ModuleGraph.TOKEN_EMBEDDINGS);
        JsonNode expected = testCase.get("last_hidden_state");
        double maxDiff = 0;
        for (int b = 0; b < batch.size(); b++) {
            for (int t = 0; t < batch.length(); t++) {
                for (int h = 0; h < 32; h++) {
                    maxDiff = Math.max(maxDiff, Math.abs(tokens.getDouble(b, t, h) - expected.get(b).get(t).get(h).asDouble()));
                }
            }
        }
        assertEquals(0, maxDiff, 1e-5, architecture + " last_hidden_state, padded positions included");

        INDArray sentence = out.get(ModuleGraph.SENTENCE_EMBEDDING);
        JsonNode mean = testCase.get("sentence_embedding_mean");
        double maxMeanDiff = 0;
        for (int b = 0; b < batch.size(); b++) {
            for (int h = 0; h < 32; h++) {
                maxMeanDiff = Math.max(maxMeanDiff, Math.abs(sentence.getDouble(b, h) - mean.get(b).get(h).asDouble()));
            }
        }
        assertEquals(0, maxMeanDiff, 1e-5, architecture + " mean-pooled sentence embedding");
        System.out.printf("%s: max |diff| last_hidden_state %.3g, sentence_embedding_mean %.3g%n", architecture,
                maxDiff, maxMeanDiff);
    }
}
