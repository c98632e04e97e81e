package io.st4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NanoBEIR sets read from a local folder: one in BEIR JSON lines (NanoSciFact/), one in TSV with two-column qrels
 * (nfcorpus/), both holding the reference IR case, so every per-set metric and every mean equals that case.
 */
class NanoBEIREvaluatorTest {

    private final ReferenceData ref = new ReferenceData();

    @TempDir
    Path root;

    @BeforeEach
    void writeSets() throws IOException {
        Path jsonl = Files.createDirectories(root.resolve("NanoSciFact"));
        StringBuilder queries = new StringBuilder();
        ref.irMap("queries").forEach((id, text) -> queries.append("{\"_id\": \"" + id + "\", \"text\": \"" + text + "\"}\n"));
        Files.writeString(jsonl.resolve("queries.jsonl"), queries);
        StringBuilder corpus = new StringBuilder();
        ref.irMap("corpus").forEach((id, text) ->
                corpus.append("{\"_id\": \"" + id + "\", \"title\": \"not used\", \"text\": \"" + text + "\"}\n"));
        corpus.append("{\"_id\": \"empty\", \"title\": \"dropped\", \"text\": \"\"}\n");
        Files.writeString(jsonl.resolve("corpus.jsonl"), corpus);
        StringBuilder qrels = new StringBuilder("query-id\tcorpus-id\tscore\n");
        ref.irRelevant().forEach((q, docs) -> docs.forEach(d -> qrels.append(q).append('\t').append(d).append("\t1\n")));
        Files.writeString(jsonl.resolve("qrels.tsv"), qrels);

        Path tsv = Files.createDirectories(root.resolve("nfcorpus"));
        StringBuilder tq = new StringBuilder("query-id\ttext\n");
        ref.irMap("queries").forEach((id, text) -> tq.append(id).append('\t').append(text).append('\n'));
        Files.writeString(tsv.resolve("queries.tsv"), tq);
        StringBuilder tc = new StringBuilder("corpus-id\ttitle\ttext\n");
        ref.irMap("corpus").forEach((id, text) -> tc.append(id).append("\tnot used\t").append(text).append('\n'));
        Files.writeString(tsv.resolve("corpus.tsv"), tc);
        StringBuilder tr = new StringBuilder("query-id\tcorpus-id\n");
        ref.irRelevant().forEach((q, docs) -> docs.forEach(d -> tr.append(q).append('\t').append(d).append('\n')));
        Files.writeString(tsv.resolve("qrels.tsv"), tr);
    }

    @Test
    void perSetAndMeanMetricsEqualTheReferenceCase() throws IOException {
        NanoBEIREvaluator evaluator = NanoBEIREvaluator.builder(root).datasetNames(List.of("scifact", "NFCorpus")).build();
        Path out = root.resolve("out");
        Map<String, Double> metrics = evaluator.evaluate(ref.encoder(), out, -1, -1);

        Map<String, Double> expected = ref.metrics("ir_default");
        List<String> keys = new ArrayList<>();
        for (String prefix : List.of("NanoSciFact", "NanoNFCorpus", "NanoBEIR_mean")) {
            expected.keySet().forEach(k -> keys.add(prefix + k.substring("ir".length())));
        }
        assertEquals(keys, new ArrayList<>(metrics.keySet()));
        expected.forEach((k, v) -> {
            String metric = k.substring("ir_".length());
            assertEquals(v, metrics.get("NanoSciFact_" + metric), 1e-6, metric);
            assertEquals(v, metrics.get("NanoNFCorpus_" + metric), 1e-6, metric);
            assertEquals(v, metrics.get("NanoBEIR_mean_" + metric), 1e-6, metric);
        });
        assertEquals("NanoBEIR_mean_cosine_ndcg@10", evaluator.primaryMetric());
        assertEquals(Set.of("NanoBEIR_evaluation_mean_results.csv", "Information-Retrieval_evaluation_NanoSciFact_results.csv",
                "Information-Retrieval_evaluation_NanoNFCorpus_results.csv"), files(out));
        String csv = Files.readString(out.resolve("NanoBEIR_evaluation_mean_results.csv"));
        assertTrue(csv.startsWith("epoch,steps,cosine-Accuracy@1,cosine-Accuracy@3,"), csv);
        assertTrue(csv.contains(",cosine-NDCG@10,cosine-MAP@100\n-1,-1,"), csv);
        assertEquals(5, evaluator.evaluators().get(0).queryCount());
        assertEquals(15, evaluator.evaluators().get(0).corpusSize(), "the empty document is dropped");
    }

    @Test
    void truncatedEvaluationNamesCarryTheDimension() {
        Map<String, float[]> truncated = new HashMap<>();
        ref.table().forEach((text, e) -> truncated.put(text, java.util.Arrays.copyOf(e, 4)));
        NanoBEIREvaluator evaluator = NanoBEIREvaluator.builder(root).datasetNames(List.of("scifact")).truncateDim(4).build();
        Map<String, Double> metrics = evaluator.evaluate(ref.encoder(), null, -1, -1);
        assertEquals("NanoBEIR_mean_4", evaluator.name());
        assertEquals("NanoSciFact_4", evaluator.evaluators().get(0).name());
        Map<String, Double> plain = ref.ir().name("x").build().evaluate(new LookupEncoder(truncated), null, -1, -1);
        assertEquals(plain.get("x_cosine_ndcg@10"), metrics.get("NanoSciFact_cosine_ndcg@10"));
        assertEquals(plain.get("x_cosine_ndcg@10"), metrics.get("NanoBEIR_mean_4_cosine_ndcg@10"));
        assertEquals("NanoBEIR_mean_4_cosine_ndcg@10", evaluator.primaryMetric());
    }

    @Test
    void unknownOrMissingSetsAreExplained() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> NanoBEIREvaluator.builder(root).datasetNames(List.of("scifact", "mteb")).build());
        assertTrue(unknown.getMessage().startsWith("Dataset(s) [mteb] not found in the NanoBEIR collection."), unknown.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> NanoBEIREvaluator.builder(root).datasetNames(List.of("fever")).build());
        assertEquals("no folder for NanoBEIR set 'fever' under " + root + " (looked for NanoFEVER/ and fever/)", missing.getMessage());
        IllegalArgumentException prompts = assertThrows(IllegalArgumentException.class,
                () -> NanoBEIREvaluator.builder(root).datasetNames(List.of("scifact")).queryPrompts(Map.of("nfcorpus", "q: ")).build());
        assertEquals("missing [query prompt for scifact]", prompts.getMessage());
    }

    private static Set<String> files(Path dir) throws IOException {
        try (var stream = Files.list(dir)) {
            return stream.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        }
    }
}
