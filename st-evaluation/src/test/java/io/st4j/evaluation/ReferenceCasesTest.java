package io.st4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.SimilarityFunction;
import io.st4j.core.train.Evaluator;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of shared/reference/evaluator_cases.json (the real sentence-transformers 5.1.2 evaluators on fixed
 * embeddings): every metric key, in order, within 1e-6, and the primary metric.
 */
class ReferenceCasesTest {

    static Stream<Arguments> cases() {
        ReferenceData ref = new ReferenceData();
        List<Arguments> out = new ArrayList<>();
        ref.root.get("cases").forEach(c -> out.add(Arguments.of(c.get("name").asText(), c, ref)));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reproducesMetrics(String caseName, JsonNode c, ReferenceData ref) {
        JsonNode ctor = c.get("constructor");
        String name = ctor.get("name").asText();
        List<SimilarityFunction> fns = null;
        if (ctor.has("similarity_fn_names")) {
            fns = new ArrayList<>();
            for (JsonNode n : ctor.get("similarity_fn_names")) {
                fns.add(SimilarityFunction.fromName(n.asText()));
            }
        }
        Evaluator evaluator = switch (c.get("evaluator").asText()) {
            case "EmbeddingSimilarityEvaluator" -> ref.sts().name(name).similarityFnNames(fns).build();
            case "BinaryClassificationEvaluator" -> ref.binary().name(name).similarityFnNames(fns).build();
            case "TripletEvaluator" -> {
                TripletEvaluator.Builder b = ref.triplet().name(name).similarityFnNames(fns);
                if (ctor.has("margin")) {
                    Map<SimilarityFunction, Double> margins = new EnumMap<>(SimilarityFunction.class);
                    ctor.get("margin").fields().forEachRemaining(
                            e -> margins.put(SimilarityFunction.fromName(e.getKey()), e.getValue().asDouble()));
                    b.margin(margins);
                }
                yield b.build();
            }
            case "InformationRetrievalEvaluator" -> ir(ref, ctor, name);
            default -> throw new IllegalArgumentException(c.get("evaluator").asText());
        };

        Map<String, Double> metrics = evaluator.evaluate(ref.encoder(), null, -1, -1);

        Map<String, Double> expected = ref.metrics(caseName);
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(metrics.keySet()), "metric keys and their order");
        expected.forEach((key, value) -> assertEquals(value, metrics.get(key), 1e-6, key));
        assertEquals(c.get("primary_metric").asText(), evaluator.primaryMetric());
    }

    private static InformationRetrievalEvaluator ir(ReferenceData ref, JsonNode ctor, String name) {
        InformationRetrievalEvaluator.Builder b = ref.ir().name(name);
        if (ctor.has("score_functions")) {
            Map<String, SimilarityFunction> fns = new LinkedHashMap<>();
            for (JsonNode f : ctor.get("score_functions")) {
                String key = f.asText().split(" ")[0];
                fns.put(key, SimilarityFunction.fromName(key));
            }
            b.scoreFunctions(fns)
                    .mrrAtK(ReferenceData.ints(ctor.get("mrr_at_k"))).ndcgAtK(ReferenceData.ints(ctor.get("ndcg_at_k")))
                    .accuracyAtK(ReferenceData.ints(ctor.get("accuracy_at_k")))
                    .precisionRecallAtK(ReferenceData.ints(ctor.get("precision_recall_at_k")))
                    .mapAtK(ReferenceData.ints(ctor.get("map_at_k")));
        }
        return b.build();
    }
}
