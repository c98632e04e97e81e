package io.st4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.SimilarityFunction;
import io.st4j.core.testing.SharedData;
import io.st4j.core.train.Evaluator;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of shared/reference/evaluator_cases.json: the real sentence-transformers 5.1.2 evaluators. */
class ReferenceCasesTest {

    static Stream<Arguments> cases() {
        JsonNode root = SharedData.referenceJson("evaluator_cases.json");
        List<Arguments> out = new ArrayList<>();
        root.get("cases").forEach(c -> out.add(Arguments.of(c.get("name").asText(), c, root)));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reproducesMetrics(String caseName, JsonNode c, JsonNode root) {
        Map<String, float[]> table = new HashMap<>();
        root.get("embeddings").fields().forEachRemaining(e -> {
            float[] v = new float[e.getValue().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) e.getValue().get(i).asDouble();
            }
            table.put(e.getKey(), v);
        });
        JsonNode data = root.get("data");
        JsonNode ctor = c.get("constructor");
        String name = ctor.get("name").asText();
        List<SimilarityFunction> fns = ctor.has("similarity_fn_names") ? functions(ctor.get("similarity_fn_names")) : null;

        Evaluator evaluator = switch (c.get("evaluator").asText()) {
            case "EmbeddingSimilarityEvaluator" -> EmbeddingSimilarityEvaluator.builder(
                    strings(data.get("sts").get("sentences1")), strings(data.get("sts").get("sentences2")),
                    doubles(data.get("sts").get("scores"))).name(name).similarityFnNames(fns).build();
            case "BinaryClassificationEvaluator" -> BinaryClassificationEvaluator.builder(
                    strings(data.get("binary").get("sentences1")), strings(data.get("binary").get("sentences2")),
                    ints(data.get("binary").get("labels"))).name(name).similarityFnNames(fns).build();
            case "TripletEvaluator" -> {
                TripletEvaluator.Builder b = TripletEvaluator.builder(strings(data.get("triplet").get("anchors")),
                        strings(data.get("triplet").get("positives")), strings(data.get("triplet").get("negatives")))
                        .name(name).similarityFnNames(fns);
                if (ctor.has("margin")) {
                    Map<SimilarityFunction, Double> margins = new EnumMap<>(SimilarityFunction.class);
                    ctor.get("margin").fields().forEachRemaining(
                            e -> margins.put(SimilarityFunction.fromName(e.getKey()), e.getValue().asDouble()));
                    b.margin(margins);
                }
                yield b.build();
            }
            case "InformationRetrievalEvaluator" -> ir(data.get("ir"), ctor, name);
            default -> throw new IllegalArgumentException(c.get("evaluator").asText());
        };

        Map<String, Double> metrics = evaluator.evaluate(new LookupEncoder(table), null, -1, -1);

        List<String> expectedKeys = new ArrayList<>();
        c.get("metrics").fieldNames().forEachRemaining(expectedKeys::add);
        assertEquals(expectedKeys, new ArrayList<>(metrics.keySet()), "metric keys and their order");
        for (String key : expectedKeys) {
            assertEquals(c.get("metrics").get(key).asDouble(), metrics.get(key), 1e-6, key);
        }
        assertEquals(c.get("primary_metric").asText(), evaluator.primaryMetric());
    }

    private static InformationRetrievalEvaluator ir(JsonNode ir, JsonNode ctor, String name) {
        Map<String, String> queries = new LinkedHashMap<>();
        ir.get("queries").fields().forEachRemaining(e -> queries.put(e.getKey(), e.getValue().asText()));
        Map<String, String> corpus = new LinkedHashMap<>();
        ir.get("corpus").fields().forEachRemaining(e -> corpus.put(e.getKey(), e.getValue().asText()));
        Map<String, Set<String>> relevant = new LinkedHashMap<>();
        ir.get("relevant_docs").fields().forEachRemaining(e -> relevant.put(e.getKey(), new LinkedHashSet<>(strings(e.getValue()))));
        InformationRetrievalEvaluator.Builder b = InformationRetrievalEvaluator.builder(queries, corpus, relevant).name(name);
        if (ctor.has("score_functions")) {
            Map<String, SimilarityFunction> fns = new LinkedHashMap<>();
            for (JsonNode f : ctor.get("score_functions")) {
                String key = f.asText().split(" ")[0];
                fns.put(key, SimilarityFunction.fromName(key));
            }
            b.scoreFunctions(fns)
                    .mrrAtK(ints(ctor.get("mrr_at_k"))).ndcgAtK(ints(ctor.get("ndcg_at_k")))
                    .accuracyAtK(ints(ctor.get("accuracy_at_k"))).precisionRecallAtK(ints(ctor.get("precision_recall_at_k")))
                    .mapAtK(ints(ctor.get("map_at_k")));
        }
        return b.build();
    }

    private static List<SimilarityFunction> functions(JsonNode names) {
        List<SimilarityFunction> out = new ArrayList<>();
        names.forEach(n -> out.add(SimilarityFunction.fromName(n.asText())));
        return out;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<Double> doubles(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asDouble()));
        return out;
    }

    static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }
}
