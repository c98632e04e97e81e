package io.st4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.st4j.core.SimilarityFunction;
import io.st4j.core.io.Json;
import io.st4j.core.train.Evaluator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The result files sentence-transformers writes: file name, header, one row per call appended, Python number
 * formatting, and the line ends of {@code csv.writer} (\r\n) or of the plain joins of the IR evaluators (\n).
 */
class CsvFilesTest {

    private final ReferenceData ref = new ReferenceData();

    @TempDir
    Path dir;

    @Test
    void similarityEvaluationAppendsOneRowPerCall() throws IOException {
        Evaluator evaluator = ref.sts().name("sts").similarityFnNames(List.of(SimilarityFunction.COSINE, SimilarityFunction.DOT)).build();
        Map<String, Double> first = evaluator.evaluate(ref.encoder(), dir, 0, 10);
        evaluator.evaluate(ref.encoder(), dir, 1, 20);
        String expectedRow = values(first, "sts_pearson_cosine", "sts_spearman_cosine", "sts_pearson_dot", "sts_spearman_dot");
        assertEquals("epoch,steps,cosine_pearson,cosine_spearman,dot_pearson,dot_spearman\r\n"
                + "0,10," + expectedRow + "\r\n1,20," + expectedRow + "\r\n", read("similarity_evaluation_sts_results.csv"));
        assertEquals(List.of("similarity_evaluation_sts_results.csv"), files());
    }

    @Test
    void binaryClassificationRowsLeaveOutThresholdsAsPythonDoes() throws IOException {
        Evaluator evaluator = ref.binary().name("bin").build();
        Map<String, Double> m = evaluator.evaluate(ref.encoder(), dir, -1, -1);
        assertEquals("epoch,steps,cosine_accuracy,cosine_accuracy_threshold,cosine_f1,cosine_precision,cosine_recall,"
                        + "cosine_f1_threshold,cosine_ap,cosine_mcc\r\n-1,-1,"
                        + values(m, "bin_cosine_accuracy", "bin_cosine_f1", "bin_cosine_precision", "bin_cosine_recall",
                        "bin_cosine_ap", "bin_cosine_mcc") + "\r\n",
                read("binary_classification_evaluation_bin_results.csv"));
        // The values themselves, as Python printed them for these embeddings.
        assertEquals("0.6666666666666666", Json.pythonFloat(m.get("bin_cosine_accuracy")));
        assertEquals("0.6", Json.pythonFloat(m.get("bin_cosine_precision")));
    }

    @Test
    void tripletEvaluation() throws IOException {
        Map<String, Double> m = ref.triplet().name("tri").build().evaluate(ref.encoder(), dir, 2, -1);
        assertEquals("epoch,steps,accuracy_cosine\r\n2,-1," + values(m, "tri_cosine_accuracy") + "\r\n",
                read("triplet_evaluation_tri_results.csv"));
        assertEquals("0.8999999761581421", Json.pythonFloat(m.get("tri_cosine_accuracy")));
    }

    @Test
    void informationRetrievalJoinsWithCommasAndNewlines() throws IOException {
        InformationRetrievalEvaluator evaluator = ref.ir().name("ir")
                .scoreFunctions(Map.of("dot", SimilarityFunction.DOT, "cosine", SimilarityFunction.COSINE))
                .accuracyAtK(List.of(1)).precisionRecallAtK(List.of(2)).mrrAtK(List.of(3)).ndcgAtK(List.of(5)).mapAtK(List.of(5))
                .build();
        Map<String, Double> m = evaluator.evaluate(ref.encoder(), dir, 0, 5);
        StringBuilder row = new StringBuilder("0,5");
        for (String fn : List.of("cosine", "dot")) { // sorted, whatever the map's order
            for (String metric : List.of("accuracy@1", "precision@2", "recall@2", "mrr@3", "ndcg@5", "map@5")) {
                row.append(',').append(Json.pythonFloat(m.get("ir_" + fn + "_" + metric)));
            }
        }
        assertEquals("epoch,steps,cosine-Accuracy@1,cosine-Precision@2,cosine-Recall@2,cosine-MRR@3,cosine-NDCG@5,cosine-MAP@5,"
                        + "dot-Accuracy@1,dot-Precision@2,dot-Recall@2,dot-MRR@3,dot-NDCG@5,dot-MAP@5\n" + row + "\n",
                read("Information-Retrieval_evaluation_ir_results.csv"));
    }

    @Test
    void informationRetrievalPredictionsAsJsonLines() throws IOException {
        InformationRetrievalEvaluator evaluator = ref.ir().name("ir").writePredictions(true).build();
        evaluator.evaluate(ref.encoder(), dir, -1, -1);
        List<String> lines = Files.readAllLines(dir.resolve("Information-Retrieval_evaluation_ir_predictions_cosine.jsonl"));
        assertEquals(5, lines.size());
        assertTrue(lines.get(0).startsWith("{\"query_id\": \"q0\", \"query\": \"q-0\", \"results\": [{\"corpus_id\": \""),
                lines.get(0));
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertEquals(15, first.get("results").size(), "every document of the 15, best first");
        for (int i = 1; i < 15; i++) {
            assertTrue(first.get("results").get(i - 1).get("score").asDouble() >= first.get("results").get(i).get("score").asDouble());
        }
        assertEquals("\"\\u00e9\\\"\\n~\\u007f\"", Json.dumps("\u00e9\"\n~\u007f"));
    }

    @Test
    void mseFileKeepsTheUnderscoreWithoutANameAndWritesFloat32() throws IOException {
        LookupEncoder teacher = ref.encoder();
        List<String> texts = ref.strings("sts", "sentences1");
        MSEEvaluator evaluator = MSEEvaluator.builder(texts, ref.strings("sts", "sentences2"), teacher).build();
        Map<String, Double> m = evaluator.evaluate(ref.encoder(), dir, -1, -1);
        float mse = (float) -m.get("negative_mse");
        assertEquals("epoch,steps,MSE\r\n-1,-1," + Json.pythonFloat(mse) + "\r\n", read("mse_evaluation__results.csv"));
    }

    @Test
    void nothingIsWrittenWithoutOutputPathOrWithWriteCsvOff() throws IOException {
        ref.sts().name("sts").build().evaluate(ref.encoder(), null, -1, -1);
        ref.sts().name("sts").writeCsv(false).build().evaluate(ref.encoder(), dir, -1, -1);
        assertEquals(List.of(), files());
    }

    @Test
    void csvWriterQuotesFieldsAsPython() throws IOException {
        CsvResults.append(dir, "x.csv", List.of("a,b", "c\"d"), List.of(1, "plain"), CsvResults.Style.CSV_WRITER);
        assertEquals("\"a,b\",\"c\"\"d\"\r\n1,plain\r\n", read("x.csv"));
        assertFalse(Files.list(dir).anyMatch(p -> p.toString().endsWith(".tmp")), "no temp file left behind");
    }

    private String read(String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    }

    private List<String> files() throws IOException {
        try (var stream = Files.list(dir)) {
            return stream.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toCollection(ArrayList::new));
        }
    }

    private static String values(Map<String, Double> metrics, String... keys) {
        List<String> out = new ArrayList<>();
        for (String key : keys) {
            out.add(Json.pythonFloat(metrics.get(key)));
        }
        return String.join(",", out);
    }
}
