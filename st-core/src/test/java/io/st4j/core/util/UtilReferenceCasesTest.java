package io.st4j.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.Precision;
import io.st4j.core.testing.SharedData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.TestAbortedException;

/**
 * Every case of {@code shared/reference/util_cases.json} (outputs of Python sentence-transformers 5.1.2):
 * scores within 1e-6 (relative beyond magnitude 1, where 1e-6 is below one float32 ulp), rankings and
 * communities identical, quantized values identical.
 */
class UtilReferenceCasesTest {

    private static final double TOLERANCE = 1e-6;

    /** Largest |expected - actual| and its ratio to max(1, |expected|) in the running case. */
    private static final double[] WORST = new double[2];

    /** Inputs are parsed once per JSON node, so {@code first == second} marks a matrix against itself. */
    private static final Map<JsonNode, float[][]> PARSED = new IdentityHashMap<>();

    static Stream<Arguments> cases() {
        JsonNode root;
        try {
            root = SharedData.referenceJson("util_cases.json");
        } catch (TestAbortedException absent) {
            // One case that skips with SharedData's message: an aborted source would hide the test entirely.
            return Stream.of(Arguments.of("util_cases.json absent", null, null));
        }
        List<Arguments> out = new ArrayList<>();
        root.get("cases").forEach(c -> out.add(Arguments.of(c.get("name").asText(), c, root.get("inputs"))));
        return out.stream();
    }

    @Test
    void referenceHoldsAllFortyTwoCases() {
        assertEquals(42, SharedData.referenceJson("util_cases.json").get("cases").size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reproducesReferenceCase(String name, JsonNode c, JsonNode inputs) {
        if (c == null) {
            SharedData.reference("util_cases.json");
        }
        WORST[0] = 0;
        WORST[1] = 0;
        String function = c.get("function").asText();
        function = function.substring(function.lastIndexOf('.') + 1);
        JsonNode args = c.get("args");
        JsonNode kwargs = c.get("kwargs");
        JsonNode expected = c.get("value");
        float[][] first = input(inputs, args.get(0).asText());
        float[][] second = args.size() > 1 ? input(inputs, args.get(1).asText()) : null;
        switch (function) {
            case "cos_sim" -> assertMatrix(name, expected, Similarity.cosSim(first, second));
            case "dot_score" -> assertMatrix(name, expected, Similarity.dotScore(first, second));
            case "manhattan_sim" -> assertMatrix(name, expected, Similarity.manhattanSim(first, second));
            case "euclidean_sim" -> {
                if (first == second) {
                    assertSelfDistances(name, expected, first, Similarity.euclideanSim(first, second));
                } else {
                    assertMatrix(name, expected, Similarity.euclideanSim(first, second));
                }
            }
            case "pairwise_cos_sim" -> assertVector(name, expected, Similarity.pairwiseCosSim(first, second));
            case "pairwise_dot_score" -> assertVector(name, expected, Similarity.pairwiseDotScore(first, second));
            case "pairwise_euclidean_sim" ->
                    assertVector(name, expected, Similarity.pairwiseEuclideanSim(first, second));
            case "pairwise_manhattan_sim" ->
                    assertVector(name, expected, Similarity.pairwiseManhattanSim(first, second));
            case "pairwise_angle_sim" -> assertVector(name, expected, Similarity.pairwiseAngleSim(first, second));
            case "normalize_embeddings" -> assertMatrix(name, expected, Similarity.normalizeEmbeddings(first));
            case "semantic_search" -> assertSearch(name, expected, SemanticSearch.semanticSearch(first, second,
                    SemanticSearch.Options.builder()
                            .topK(kwargs.path("top_k").asInt(10))
                            .queryChunkSize(kwargs.path("query_chunk_size").asInt(100))
                            .corpusChunkSize(kwargs.path("corpus_chunk_size").asInt(500_000))
                            .scoreFunction(scoreFunction(kwargs))
                            .build()));
            case "paraphrase_mining_embeddings" -> assertPairs(name, expected,
                    ParaphraseMining.paraphraseMiningEmbeddings(first, ParaphraseMining.Options.builder()
                            .topK(kwargs.path("top_k").asInt(100))
                            .maxPairs(kwargs.path("max_pairs").asInt(500_000))
                            .queryChunkSize(kwargs.path("query_chunk_size").asInt(5000))
                            .corpusChunkSize(kwargs.path("corpus_chunk_size").asInt(100_000))
                            .scoreFunction(scoreFunction(kwargs))
                            .build()));
            case "community_detection" -> assertEquals(intLists(expected),
                    CommunityDetection.communityDetection(first, CommunityDetection.Options.builder()
                            .threshold(kwargs.path("threshold").asDouble(0.75))
                            .minCommunitySize(kwargs.path("min_community_size").asInt(10))
                            .batchSize(kwargs.path("batch_size").asInt(1024))
                            .build()), name);
            case "quantize_embeddings" -> assertQuantized(name, c, Quantization.quantizeEmbeddings(first,
                    Precision.fromName(kwargs.get("precision").asText()),
                    kwargs.has("ranges") ? matrix(kwargs.get("ranges")) : null,
                    kwargs.has("calibration_embeddings")
                            ? input(inputs, kwargs.get("calibration_embeddings").asText()) : null));
            default -> fail("no Java counterpart mapped for " + function);
        }
        if (Boolean.getBoolean("st4j.util.deviations")) {
            System.out.printf("%-42s max |diff| %.3g, relative %.3g%n", name, WORST[0], WORST[1]);
        }
    }

    private static float[][] input(JsonNode inputs, String arg) {
        return switch (arg) {
            case "queries", "queries (torch.Tensor)" -> matrix(inputs.get("queries"));
            case "corpus" -> matrix(inputs.get("corpus"));
            case "clusters" -> matrix(inputs.get("clusters"));
            case "calibration" -> matrix(inputs.get("calibration"));
            case "corpus[:10]" -> Arrays.copyOf(matrix(inputs.get("corpus")), 10);
            case "queries[0]" -> new float[][] {matrix(inputs.get("queries"))[0]};
            case "queries clipped to [-2, 2]" -> clip(matrix(inputs.get("queries")), -2f, 2f);
            default -> throw new IllegalArgumentException("unknown case argument " + arg);
        };
    }

    private static float[][] matrix(JsonNode node) {
        return PARSED.computeIfAbsent(node, n -> {
            float[][] m = new float[n.size()][];
            for (int i = 0; i < n.size(); i++) {
                m[i] = new float[n.get(i).size()];
                for (int k = 0; k < m[i].length; k++) {
                    m[i][k] = (float) n.get(i).get(k).asDouble();
                }
            }
            return m;
        });
    }

    private static float[][] clip(float[][] m, float lo, float hi) {
        float[][] out = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = new float[m[i].length];
            for (int k = 0; k < m[i].length; k++) {
                out[i][k] = Math.max(lo, Math.min(hi, m[i][k]));
            }
        }
        return out;
    }

    private static ScoreFunction scoreFunction(JsonNode kwargs) {
        String fn = kwargs.path("score_function").asText("cos_sim");
        return switch (fn) {
            case "cos_sim" -> Similarity::cosSim;
            case "dot_score" -> Similarity::dotScore;
            default -> throw new IllegalArgumentException("unknown score_function " + fn);
        };
    }

    private static void assertClose(String what, double expected, double actual) {
        double allowed = TOLERANCE * Math.max(1, Math.abs(expected));
        WORST[0] = Math.max(WORST[0], Math.abs(expected - actual));
        WORST[1] = Math.max(WORST[1], Math.abs(expected - actual) / Math.max(1, Math.abs(expected)));
        if (!(Math.abs(expected - actual) <= allowed)) {
            fail(what + ": expected " + expected + " but got " + actual + " (diff " + Math.abs(expected - actual)
                    + " > " + allowed + ")");
        }
    }

    private static void assertMatrix(String name, JsonNode expected, float[][] actual) {
        assertEquals(expected.size(), actual.length, name + " rows");
        for (int i = 0; i < actual.length; i++) {
            assertVector(name + "[" + i + "]", expected.get(i), actual[i]);
        }
    }

    private static void assertVector(String name, JsonNode expected, float[] actual) {
        assertEquals(expected.size(), actual.length, name + " length");
        for (int k = 0; k < actual.length; k++) {
            assertClose(name + "[" + k + "]", expected.get(k).asDouble(), actual[k]);
        }
    }

    /**
     * torch computes a matrix of more than 25 rows against itself as sqrt(|x|^2 - 2xy + |y|^2), whose
     * rounding leaves self-distances up to 0.0024 (the reference notes it); compare squared distances with
     * the rounding of that formula, 1e-6 of |x|^2 + |y|^2.
     */
    private static void assertSelfDistances(String name, JsonNode expected, float[][] m, float[][] actual) {
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                double e = expected.get(i).get(j).asDouble();
                double a = actual[i][j];
                double allowed = TOLERANCE * (squaredNorm(m[i]) + squaredNorm(m[j]));
                WORST[0] = Math.max(WORST[0], Math.abs(e - a));
                WORST[1] = Math.max(WORST[1], Math.abs(e - a) / Math.max(1, Math.abs(e)));
                if (!(Math.abs(e * e - a * a) <= allowed)) {
                    fail(name + "[" + i + "][" + j + "]: expected " + e + " but got " + a);
                }
            }
            assertEquals(0f, actual[i][i], 0f, name + " self-distance of row " + i);
        }
    }

    private static double squaredNorm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return s;
    }

    private static void assertSearch(String name, JsonNode expected, List<List<SearchHit>> actual) {
        assertEquals(expected.size(), actual.size(), name + " queries");
        for (int q = 0; q < actual.size(); q++) {
            JsonNode hits = expected.get(q);
            List<Integer> ids = new ArrayList<>();
            hits.forEach(h -> ids.add(h.get("corpus_id").asInt()));
            assertEquals(ids, actual.get(q).stream().map(SearchHit::corpusId).toList(), name + " ids of query " + q);
            for (int h = 0; h < hits.size(); h++) {
                assertClose(name + " score of query " + q + " hit " + h, hits.get(h).get("score").asDouble(),
                        actual.get(q).get(h).score());
            }
        }
    }

    private static void assertPairs(String name, JsonNode expected, List<ScoredPair> actual) {
        List<List<Integer>> expectedPairs = new ArrayList<>();
        expected.forEach(p -> expectedPairs.add(List.of(p.get(1).asInt(), p.get(2).asInt())));
        assertEquals(expectedPairs, actual.stream().map(p -> List.of(p.i(), p.j())).toList(), name + " pairs");
        for (int p = 0; p < actual.size(); p++) {
            assertClose(name + " score of pair " + p, expected.get(p).get(0).asDouble(), actual.get(p).score());
        }
    }

    private static void assertQuantized(String name, JsonNode c, QuantizedEmbeddings actual) {
        JsonNode expected = c.get("value");
        assertEquals(c.get("dtype").asText(), switch (actual.precision()) {
            case FLOAT32 -> "float32";
            case INT8, BINARY -> "int8";
            case UINT8, UBINARY -> "uint8";
        }, name + " dtype");
        if (actual.precision() == Precision.FLOAT32) {
            assertMatrix(name, expected, actual.toFloats());
            return;
        }
        assertEquals(expected.size(), actual.rows(), name + " rows");
        assertEquals(expected.get(0).size(), actual.columns(), name + " columns");
        for (int i = 0; i < actual.rows(); i++) {
            for (int k = 0; k < actual.columns(); k++) {
                assertEquals(expected.get(i).get(k).asInt(), actual.get(i, k), name + "[" + i + "][" + k + "]");
            }
        }
        assertTrue(actual.rows() > 0, name + " has rows");
    }

    private static List<List<Integer>> intLists(JsonNode node) {
        List<List<Integer>> out = new ArrayList<>();
        node.forEach(inner -> {
            List<Integer> l = new ArrayList<>();
            inner.forEach(x -> l.add(x.asInt()));
            out.add(l);
        });
        return out;
    }
}
