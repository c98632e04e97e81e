package io.st4j.core;

import static io.st4j.core.testing.EncodePaths.maxDiff;
import static io.st4j.core.testing.EncodePaths.withPath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.modules.ModuleGraph;
import io.st4j.core.modules.Normalize;
import io.st4j.core.modules.Pooling;
import io.st4j.core.modules.PoolingMode;
import io.st4j.core.modules.TokenBatch;
import io.st4j.core.modules.Transformer;
import io.st4j.core.testing.SharedData;
import io.st4j.core.testing.TinyBert;
import io.st4j.core.testing.TinyEncoders;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Transformer's lean executor against its SameDiff graph (and Python's recorded hidden states) on the five
 * tiny reference encoders: equal token embeddings at every real token within 1e-5, zeros at padding, and equal
 * {@code encode} results through both paths of {@link SentenceTransformer#ENCODE_PATH_PROPERTY}.
 */
class LeanExecutorTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"bert", "roberta", "xlm-roberta", "distilbert", "mpnet"})
    void tokenEmbeddingsEqualTheGraphAndPython(String architecture) throws Exception {
        JsonNode testCase = SharedData.referenceJson("tiny_models/cases.json").path("architectures").path(architecture);
        Transformer transformer = Transformer.load(TinyEncoders.folder(architecture, tmp.resolve(architecture)));
        EmbeddingGraph graph = EmbeddingGraph.build(List.of(transformer,
                new Pooling(transformer.embeddingDimension(), PoolingMode.MEAN)));
        TokenBatch batch = TinyEncoders.referenceBatch(testCase);
        INDArray expected = graph.run(transformer.graphInputs(batch), true).get(ModuleGraph.TOKEN_EMBEDDINGS);
        INDArray lean = transformer.inferTokenEmbeddings(batch, (stage, nanos) -> { });
        JsonNode python = testCase.get("last_hidden_state");

        assertEquals(List.of(expected.shape()[0], expected.shape()[1], expected.shape()[2]),
                List.of(lean.shape()[0], lean.shape()[1], lean.shape()[2]), "shape");
        double vsGraph = 0;
        double vsPython = 0;
        int padded = 0;
        for (int b = 0; b < batch.size(); b++) {
            for (int t = 0; t < batch.length(); t++) {
                boolean real = batch.attentionMask()[b * batch.length() + t] == 1;
                for (int h = 0; h < transformer.embeddingDimension(); h++) {
                    if (real) {
                        vsGraph = Math.max(vsGraph, Math.abs(lean.getDouble(b, t, h) - expected.getDouble(b, t, h)));
                        vsPython = Math.max(vsPython, Math.abs(lean.getDouble(b, t, h)
                                - python.get(b).get(t).get(h).asDouble()));
                    } else {
                        assertEquals(0.0, lean.getDouble(b, t, h), 0.0, "padding stays zero");
                        padded++;
                    }
                }
            }
        }
        assertEquals(true, padded > 0, "the reference batch has padding");
        assertEquals(0, vsGraph, 1e-5, architecture + " lean vs SameDiff");
        assertEquals(0, vsPython, 1e-5, architecture + " lean vs Python");
        System.out.printf("%s: lean vs SameDiff %.3g, vs Python %.3g%n", architecture, vsGraph, vsPython);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert", "roberta", "xlm-roberta", "distilbert", "mpnet"})
    void encodeIsTheSameThroughBothPaths(String architecture) throws Exception {
        Transformer transformer = Transformer.load(TinyEncoders.folder(architecture, tmp.resolve(architecture)));
        int dim = transformer.embeddingDimension();
        SentenceTransformer model = SentenceTransformer.of(ModelSettings.DEFAULTS, List.of(transformer,
                new Pooling(dim, EnumSet.of(PoolingMode.CLS, PoolingMode.MAX, PoolingMode.MEAN,
                        PoolingMode.WEIGHTEDMEAN, PoolingMode.LASTTOKEN), false), new Normalize()));
        Random random = new Random(7);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            texts.add(TinyBert.randomText(random, 1 + random.nextInt(40)));
        }
        EncodeOptions options = EncodeOptions.builder().batchSize(8).prompt("w1 w2 ").build();

        float[][] lean = withPath("lean", () -> model.encode(texts, options));
        float[][] graph = withPath("samediff", () -> model.encode(texts, options));
        List<float[][]> leanTokens = withPath("lean", () -> model.encodeTokens(texts, options));
        List<float[][]> graphTokens = withPath("samediff", () -> model.encodeTokens(texts, options));

        assertEquals(0, maxDiff(List.<float[][]>of(graph), List.<float[][]>of(lean)), 1e-5, architecture + " sentence embeddings");
        assertEquals(0, maxDiff(graphTokens, leanTokens), 1e-5, architecture + " token embeddings");
    }

    /**
     * Pooling runs in Java on the lean path: each mode alone, with and without the prompt, equal to the graph; with a
     * 4-token limit the 3-word prompt leaves the texts no pooled token. (Normalize: see the test above.)
     */
    @ParameterizedTest
    @EnumSource(PoolingMode.class)
    void javaPoolingEqualsTheGraph(PoolingMode mode) throws Exception {
        Random random = new Random(11);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            texts.add(TinyBert.randomText(random, 1 + random.nextInt(30)));
        }
        EncodeOptions options = EncodeOptions.builder().batchSize(4).prompt("w1 w2 w3 ").build();
        for (Integer maxSeqLength : new Integer[] {null, 4}) {
            Transformer transformer = Transformer.load(TinyEncoders.folder("bert", tmp.resolve("bert" + maxSeqLength)),
                    maxSeqLength);
            for (boolean includePrompt : new boolean[] {true, false}) {
                SentenceTransformer model = SentenceTransformer.of(ModelSettings.DEFAULTS, List.of(transformer,
                        new Pooling(transformer.embeddingDimension(), EnumSet.of(mode), includePrompt)));
                float[][] lean = withPath("lean", () -> model.encode(texts, options));
                float[][] graph = withPath("samediff", () -> model.encode(texts, options));
                // the lean Transformer's own difference (1e-5, above); a pooling error shows far beyond it
                assertEquals(0, maxDiff(List.<float[][]>of(graph), List.<float[][]>of(lean)), 1e-5,
                        mode + ", include prompt " + includePrompt + ", max length " + maxSeqLength);
            }
        }
    }

    @Test
    void anUnknownPathIsRejected() throws Exception {
        SentenceTransformer model = SentenceTransformer.of(Transformer.load(TinyBert.folder(tmp.resolve("tiny"))),
                new Pooling(32, PoolingMode.MEAN));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> withPath("fast", () -> model.encode(List.of("a b"))));
        assertEquals("system property st4j.encode.path is 'fast'; expected lean or samediff", e.getMessage());
    }
}
