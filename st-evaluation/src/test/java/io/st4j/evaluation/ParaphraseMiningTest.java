package io.st4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.SimilarityFunction;
import io.st4j.core.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code util.paraphrase_mining_embeddings} cases of shared/reference/util_cases.json. */
class ParaphraseMiningTest {

    static Stream<Arguments> cases() {
        JsonNode root = SharedData.referenceJson("util_cases.json");
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            if (c.get("function").asText().endsWith("paraphrase_mining_embeddings")) {
                out.add(Arguments.of(c.get("name").asText(), c, root.get("inputs").get(c.get("args").get(0).asText())));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void minesThePairsPythonMines(String name, JsonNode c, JsonNode input) {
        float[][] embeddings = new float[input.size()][];
        for (int i = 0; i < embeddings.length; i++) {
            embeddings[i] = new float[input.get(i).size()];
            for (int d = 0; d < embeddings[i].length; d++) {
                embeddings[i][d] = (float) input.get(i).get(d).asDouble();
            }
        }
        JsonNode kw = c.get("kwargs");
        SimilarityFunction fn = kw.get("score_function").asText().equals("cos_sim") ? SimilarityFunction.COSINE : SimilarityFunction.DOT;
        List<ParaphraseMining.Pair> pairs = ParaphraseMining.mine(embeddings,
                kw.has("query_chunk_size") ? kw.get("query_chunk_size").asInt() : 5000,
                kw.has("corpus_chunk_size") ? kw.get("corpus_chunk_size").asInt() : 100000,
                kw.get("max_pairs").asInt(), kw.get("top_k").asInt(), fn);
        JsonNode expected = c.get("value");
        assertEquals(expected.size(), pairs.size(), "number of pairs");
        for (int p = 0; p < pairs.size(); p++) {
            assertEquals(expected.get(p).get(1).asInt(), pairs.get(p).i(), "pair " + p + " i");
            assertEquals(expected.get(p).get(2).asInt(), pairs.get(p).j(), "pair " + p + " j");
            // Within 2 float32 ulps: torch's BLAS accumulates each product in a tile-dependent order (the dot
            // scores near 23 differ by one ulp, 1.9e-6, for some pairs); which pairs come out, and in which order,
            // is compared exactly above.
            double score = expected.get(p).get(0).asDouble();
            assertEquals(score, pairs.get(p).score(), Math.max(1e-6, 2 * Math.ulp((float) score)), "pair " + p + " score");
        }
    }
}
