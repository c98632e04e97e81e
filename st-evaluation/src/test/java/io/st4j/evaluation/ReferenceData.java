package io.st4j.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.testing.SharedData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The inputs of shared/reference/evaluator_cases.json: the text-to-embedding table and the evaluation sets. */
final class ReferenceData {

    final JsonNode root = SharedData.referenceJson("evaluator_cases.json");
    final JsonNode data = root.get("data");

    Map<String, float[]> table() {
        Map<String, float[]> table = new HashMap<>();
        root.get("embeddings").fields().forEachRemaining(e -> table.put(e.getKey(), floats(e.getValue())));
        return table;
    }

    LookupEncoder encoder() {
        return new LookupEncoder(table());
    }

    List<String> strings(String set, String field) {
        return strings(data.get(set).get(field));
    }

    Map<String, String> irMap(String field) {
        Map<String, String> out = new LinkedHashMap<>();
        data.get("ir").get(field).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    Map<String, Set<String>> irRelevant() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        data.get("ir").get("relevant_docs").fields().forEachRemaining(
                e -> out.put(e.getKey(), new LinkedHashSet<>(strings(e.getValue()))));
        return out;
    }

    InformationRetrievalEvaluator.Builder ir() {
        return InformationRetrievalEvaluator.builder(irMap("queries"), irMap("corpus"), irRelevant());
    }

    EmbeddingSimilarityEvaluator.Builder sts() {
        return EmbeddingSimilarityEvaluator.builder(strings("sts", "sentences1"), strings("sts", "sentences2"),
                doubles(data.get("sts").get("scores")));
    }

    BinaryClassificationEvaluator.Builder binary() {
        return BinaryClassificationEvaluator.builder(strings("binary", "sentences1"), strings("binary", "sentences2"),
                ints(data.get("binary").get("labels")));
    }

    TripletEvaluator.Builder triplet() {
        return TripletEvaluator.builder(strings("triplet", "anchors"), strings("triplet", "positives"),
                strings("triplet", "negatives"));
    }

    /** The expected metrics of the named case. */
    Map<String, Double> metrics(String caseName) {
        for (JsonNode c : root.get("cases")) {
            if (c.get("name").asText().equals(caseName)) {
                Map<String, Double> out = new LinkedHashMap<>();
                c.get("metrics").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asDouble()));
                return out;
            }
        }
        throw new IllegalArgumentException(caseName);
    }

    static float[] floats(JsonNode array) {
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).asDouble();
        }
        return v;
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
