package io.st4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets a clear exception naming the argument, file, line or value; never a NaN in the results. */
class BadInputTest {

    @TempDir
    Path dir;

    @Test
    void mismatchedListLengths() {
        assertMessage("sentences1 and scores differ in length: 2 vs 1", () -> EmbeddingSimilarityEvaluator
                .builder(List.of("a", "b"), List.of("c", "d"), List.of(1.0)).build());
        assertMessage("sentences1 and sentences2 differ in length: 1 vs 2", () -> BinaryClassificationEvaluator
                .builder(List.of("a"), List.of("c", "d"), List.of(1)).build());
        assertMessage("anchors and negatives differ in length: 1 vs 0", () -> TripletEvaluator
                .builder(List.of("a"), List.of("p"), List.of()).build());
        assertMessage("sourceSentences and targetSentences differ in length: 2 vs 1", () -> TranslationEvaluator
                .builder(List.of("a", "b"), List.of("c")).build());
    }

    @Test
    void emptyEvaluationSets() {
        assertMessage("the evaluation set (sentences1) is empty: nothing to evaluate",
                () -> EmbeddingSimilarityEvaluator.builder(List.of(), List.of(), List.of()).build());
        assertMessage("the evaluation set (anchors) is empty: nothing to evaluate",
                () -> TripletEvaluator.builder(List.of(), List.of(), List.of()).build());
        assertMessage("the evaluation set (queries with at least one relevant document) is empty: nothing to evaluate",
                () -> InformationRetrievalEvaluator.builder(Map.of("q", "text"), Map.of("d", "doc"), Map.of("q", Set.of())).build());
        assertMessage("the evaluation set (samples with at least one positive and one negative) is empty: nothing to evaluate",
                () -> RerankingEvaluator.builder(List.of(new RerankingSample("q", List.of("p"), List.of()))).build());
    }

    @Test
    void nullTextsAndBadLabels() {
        assertMessage("sentences2[1] is null", () -> BinaryClassificationEvaluator
                .builder(List.of("a", "b"), java.util.Arrays.asList("c", null), List.of(1, 0)).build());
        assertMessage("labels[1] is 2; labels must be 0 or 1", () -> BinaryClassificationEvaluator
                .builder(List.of("a", "b"), List.of("c", "d"), List.of(1, 2)).build());
        assertMessage("labels hold no 1 (similar pair): precision, recall and AP are undefined",
                () -> BinaryClassificationEvaluator.builder(List.of("a", "b"), List.of("c", "d"), List.of(0, 0)).build());
        assertMessage("the gold scores need at least two different values to correlate with, got [3.0, 3.0]",
                () -> EmbeddingSimilarityEvaluator.builder(List.of("a", "b"), List.of("c", "d"), List.of(3.0, 3.0)).build());
        assertMessage("scores[1] is not a finite number: NaN",
                () -> EmbeddingSimilarityEvaluator.builder(List.of("a", "b"), List.of("c", "d"), List.of(3.0, Double.NaN)).build());
    }

    @Test
    void relevantDocumentsNamingUnknownIds() {
        assertMessage("relevantDocs names corpus id 'd9' for query 'q', which is not in the corpus of 1 documents",
                () -> InformationRetrievalEvaluator.builder(Map.of("q", "text"), Map.of("d", "doc"), Map.of("q", Set.of("d9"))).build());
        assertMessage("relevantDocs names query id 'q9', which is not among the 1 queries",
                () -> InformationRetrievalEvaluator.builder(Map.of("q", "text"), Map.of("d", "doc"), Map.of("q9", Set.of("d"))).build());
    }

    @Test
    void qrelsFileNamingUnknownIds() throws IOException {
        Path queries = write("queries.tsv", "query-id\ttext\nq1\tfirst\n");
        Path corpus = write("corpus.tsv", "corpus-id\ttitle\ttext\nd1\tT\tbody\n");
        Path unknownDoc = write("qrels.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td7\t1\n");
        assertMessage(unknownDoc + " line 3: corpus id 'd7' is not in the corpus of 1 documents",
                () -> BeirData.read(queries, corpus, unknownDoc));
        Path unknownQuery = write("qrels2.tsv", "query-id\tcorpus-id\tscore\nq5\td1\t1\n");
        assertMessage(unknownQuery + " line 2: query id 'q5' is not among the 1 queries",
                () -> BeirData.read(queries, corpus, unknownQuery));
        Path badScore = write("qrels3.tsv", "query-id\tcorpus-id\tscore\nq1\td1\tyes\n");
        assertMessage(badScore + " line 2: score 'yes' is not a number", () -> BeirData.read(queries, corpus, badScore));
        Path duplicate = write("queries2.tsv", "query-id\ttext\nq1\tfirst\nq1\tagain\n");
        assertMessage(duplicate + " line 3: id 'q1' appears twice in " + duplicate, () -> BeirData.readQueries(duplicate));
    }

    @Test
    void stsScoresOutsideTheDeclaredScale() throws IOException {
        Path file = write("sts.tsv", "sentence1\tsentence2\tscore\na\tb\t4.5\nc\td\t5.2\n");
        assertMessage(file + " line 3: score 5.2 is outside the declared scale 0..5.0", () -> StsData.read(file, 5));
        Path missing = write("sts2.tsv", "s1\ts2\tscore\na\tb\t1\n");
        assertMessage(missing + " has no 'sentence1' column; its header is [s1, s2, score]", () -> StsData.read(missing, 5));
        Path shortRow = write("sts3.tsv", "sentence1\tsentence2\tscore\na\tb\n");
        assertMessage(shortRow + " line 2: expected 3 tab-separated columns, found 2", () -> StsData.read(shortRow, 5));
    }

    @Test
    void aModelGivingEveryPairTheSameScoreIsExplainedNotNaN() {
        Map<String, float[]> table = Map.of("a", new float[] {1, 0}, "b", new float[] {1, 0}, "c", new float[] {2, 0},
                "d", new float[] {3, 0});
        EmbeddingSimilarityEvaluator evaluator = EmbeddingSimilarityEvaluator
                .builder(List.of("a", "b"), List.of("c", "d"), List.of(1.0, 4.0)).build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> evaluator.evaluate(new LookupEncoder(table), null, -1, -1));
        assertTrue(e.getMessage().startsWith("the model gives every pair the same cosine score"), e.getMessage());
    }

    @Test
    void badKValues() {
        assertMessage("mrrAtK must hold values >= 1, got [0]", () -> InformationRetrievalEvaluator
                .builder(Map.of("q", "t"), Map.of("d", "x"), Map.of("q", Set.of("d"))).mrrAtK(List.of(0)).build());
        assertMessage("ndcgAtK repeats a value: [10, 10]", () -> InformationRetrievalEvaluator
                .builder(Map.of("q", "t"), Map.of("d", "x"), Map.of("q", Set.of("d"))).ndcgAtK(List.of(10, 10)).build());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(expected, e.getMessage());
    }
}
