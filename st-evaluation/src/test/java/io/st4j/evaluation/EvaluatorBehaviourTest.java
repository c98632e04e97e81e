package io.st4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.core.EncodeOptions;
import io.st4j.core.SimilarityFunction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Behaviour beyond the reference cases: chunking, prompts, truncation, and the evaluators without Python cases. */
class EvaluatorBehaviourTest {

    private final ReferenceData ref = new ReferenceData();

    @Test
    void chunkedCorpusScoringGivesTheSameMetrics() {
        LookupEncoder encoder = ref.encoder();
        Map<String, Double> chunked = ref.ir().name("ir").corpusChunkSize(4).build().evaluate(encoder, null, -1, -1);
        assertEquals(ref.metrics("ir_default"), rounded(chunked, ref.metrics("ir_default")));
        List<Integer> sizes = encoder.texts.stream().map(List::size).toList();
        assertEquals(List.of(5, 4, 4, 4, 3), sizes, "queries once, then the 15 documents 4 at a time");
    }

    @Test
    void manyQueriesAreScoredInBlocksWithoutMixingThemUp() {
        // 600 queries (3 blocks of up to 256): every metric is a mean over queries, so the whole set's value is the
        // mean of its two halves' values, and each query's relevant document is its own near-copy.
        java.util.Random random = new java.util.Random(7);
        Map<String, float[]> table = new HashMap<>();
        Map<String, String> queries = new LinkedHashMap<>();
        Map<String, String> corpus = new LinkedHashMap<>();
        Map<String, java.util.Set<String>> relevant = new LinkedHashMap<>();
        for (int i = 0; i < 600; i++) {
            float[] q = new float[16];
            float[] d = new float[16];
            for (int j = 0; j < 16; j++) {
                q[j] = (float) random.nextGaussian();
                d[j] = q[j] + (float) (random.nextGaussian() * 0.9);
            }
            table.put("q" + i, q);
            table.put("d" + i, d);
            queries.put("q" + i, "q" + i);
            corpus.put("d" + i, "d" + i);
            relevant.put("q" + i, java.util.Set.of("d" + i));
        }
        Map<String, Double> all = InformationRetrievalEvaluator.builder(queries, corpus, relevant).corpusChunkSize(250).build()
                .evaluate(new LookupEncoder(table), null, -1, -1);
        Map<String, String> firstHalf = new LinkedHashMap<>();
        Map<String, String> secondHalf = new LinkedHashMap<>();
        queries.forEach((id, text) -> (Integer.parseInt(id.substring(1)) < 300 ? firstHalf : secondHalf).put(id, text));
        Map<String, java.util.Set<String>> firstRelevant = new LinkedHashMap<>(relevant);
        firstRelevant.keySet().retainAll(firstHalf.keySet());
        Map<String, java.util.Set<String>> secondRelevant = new LinkedHashMap<>(relevant);
        secondRelevant.keySet().retainAll(secondHalf.keySet());
        Map<String, Double> first = InformationRetrievalEvaluator.builder(firstHalf, corpus, firstRelevant).build()
                .evaluate(new LookupEncoder(table), null, -1, -1);
        Map<String, Double> second = InformationRetrievalEvaluator.builder(secondHalf, corpus, secondRelevant).build()
                .evaluate(new LookupEncoder(table), null, -1, -1);
        all.forEach((key, value) -> assertEquals((first.get(key) + second.get(key)) / 2, value, 1e-12, key));
        assertTrue(all.get("cosine_accuracy@10") > 0.3 && all.get("cosine_accuracy@10") < 1, "a non-trivial retrieval task");
    }

    @Test
    void queryAndCorpusPromptsReachTheEncoder() {
        Map<String, float[]> table = ref.table();
        Map<String, float[]> prompted = new HashMap<>(table);
        table.forEach((text, embedding) -> {
            prompted.put("query: " + text, embedding);
            prompted.put("passage: " + text, embedding);
        });
        LookupEncoder encoder = new LookupEncoder(prompted);
        Map<String, Double> metrics = ref.ir().name("ir").queryPrompt("query: ").corpusPrompt("passage: ").batchSize(7)
                .build().evaluate(encoder, null, -1, -1);
        assertEquals(ref.metrics("ir_default"), rounded(metrics, ref.metrics("ir_default")));
        assertEquals("query: ", encoder.calls.get(0).prompt());
        assertEquals("passage: ", encoder.calls.get(1).prompt());
        assertTrue(encoder.calls.stream().allMatch(o -> o.batchSize() == 7));
    }

    @Test
    void queriesAndDocumentsGoThroughEncodeQueryAndEncodeDocument() {
        List<String> seen = new ArrayList<>();
        LookupEncoder encoder = new LookupEncoder(ref.table()) {
            @Override
            public float[][] encodeQuery(List<String> texts, EncodeOptions options) {
                seen.add("query:" + texts.size());
                return encode(texts, options);
            }

            @Override
            public float[][] encodeDocument(List<String> texts, EncodeOptions options) {
                seen.add("document:" + texts.size());
                return encode(texts, options);
            }
        };
        ref.ir().build().evaluate(encoder, null, -1, -1);
        assertEquals(List.of("query:5", "document:15"), seen);
    }

    @Test
    void truncateDimEqualsEvaluatingTruncatedEmbeddings() {
        Map<String, float[]> truncated = new HashMap<>();
        ref.table().forEach((text, e) -> truncated.put(text, java.util.Arrays.copyOf(e, 4)));
        assertEquals(ref.sts().build().evaluate(new LookupEncoder(truncated), null, -1, -1),
                ref.sts().truncateDim(4).build().evaluate(ref.encoder(), null, -1, -1));
        assertEquals(ref.ir().build().evaluate(new LookupEncoder(truncated), null, -1, -1),
                ref.ir().truncateDim(4).build().evaluate(ref.encoder(), null, -1, -1));
        assertEquals(ref.binary().build().evaluate(new LookupEncoder(truncated), null, -1, -1),
                ref.binary().truncateDim(4).build().evaluate(ref.encoder(), null, -1, -1));
    }

    @Test
    void binaryPrecisionUnpacksThePackedBits() {
        // A model that packs sign bits (MSB first, minus 128) when binary precision is asked for, as
        // quantize_embeddings does; the evaluator must score the unpacked 0/1 vectors.
        Map<String, float[]> table = ref.table();
        List<EncodeOptions> seen = new ArrayList<>();
        LookupEncoder packing = new LookupEncoder(table) {
            @Override
            public float[][] encode(List<String> texts, EncodeOptions options) {
                seen.add(options);
                float[][] plain = super.encode(texts, EncodeOptions.DEFAULTS);
                float[][] packed = new float[plain.length][];
                for (int i = 0; i < plain.length; i++) {
                    packed[i] = new float[plain[i].length / 8];
                    for (int j = 0; j < packed[i].length; j++) {
                        int b = 0;
                        for (int bit = 0; bit < 8; bit++) {
                            b = (b << 1) | (plain[i][j * 8 + bit] > 0 ? 1 : 0);
                        }
                        packed[i][j] = b - 128;
                    }
                }
                return packed;
            }
        };
        Map<String, float[]> bits = new HashMap<>();
        table.forEach((text, e) -> {
            float[] v = new float[e.length];
            for (int d = 0; d < e.length; d++) {
                v[d] = e[d] > 0 ? 1 : 0;
            }
            bits.put(text, v);
        });
        EmbeddingSimilarityEvaluator binary = ref.sts().name("sts").precision(io.st4j.core.Precision.BINARY).build();
        assertEquals("similarity_evaluation_sts_binary_results.csv", binary.csvFile());
        assertEquals(ref.sts().name("sts").build().evaluate(new LookupEncoder(bits), null, -1, -1),
                binary.evaluate(packing, null, -1, -1));
        assertTrue(seen.stream().allMatch(o -> o.precision() == io.st4j.core.Precision.BINARY && o.normalizeEmbeddings()));
    }

    @Test
    void mainSimilarityChoosesThePrimaryMetric() {
        EmbeddingSimilarityEvaluator evaluator = ref.sts().name("sts").mainSimilarity(SimilarityFunction.DOT).build();
        Map<String, Double> metrics = evaluator.evaluate(ref.encoder(), null, -1, -1);
        Map<String, Double> all = ref.metrics("sts_all_fns");
        assertEquals(List.of("sts_pearson_dot", "sts_spearman_dot"), new ArrayList<>(metrics.keySet()));
        assertEquals(all.get("sts_spearman_dot"), metrics.get("sts_spearman_dot"), 1e-6);
        assertEquals("sts_spearman_dot", evaluator.primaryMetric());
    }

    @Test
    void modelSimilarityFunctionIsUsedWhenNoneIsGiven() {
        LookupEncoder dotModel = new LookupEncoder(ref.table(), SimilarityFunction.DOT);
        TripletEvaluator evaluator = ref.triplet().name("tri").build();
        Map<String, Double> metrics = evaluator.evaluate(dotModel, null, -1, -1);
        assertEquals(List.of("tri_dot_accuracy"), new ArrayList<>(metrics.keySet()));
        assertEquals(ref.metrics("triplet_all_fns").get("tri_dot_accuracy"), metrics.get("tri_dot_accuracy"), 1e-6);
        assertEquals("tri_dot_accuracy", evaluator.primaryMetric());
    }

    @Test
    void binaryClassificationEmbedsEachDistinctTextOnce() {
        LookupEncoder encoder = ref.encoder();
        BinaryClassificationEvaluator.builder(List.of("bin-a-0", "bin-a-1", "bin-a-0"), List.of("bin-b-0", "bin-a-0", "bin-b-1"),
                List.of(1, 0, 1)).build().evaluate(encoder, null, -1, -1);
        assertEquals(List.of(List.of("bin-a-0", "bin-a-1", "bin-b-0", "bin-b-1")), encoder.texts);
    }

    @Test
    void reranking() {
        // Sample 1: n1 > p1 > n2, so MRR 1/2, AP 1/2, nDCG 1/log2(3). Sample 2: the positive first, all 1.
        Map<String, float[]> table = new HashMap<>();
        table.put("q1", new float[] {1, 0});
        table.put("p1", angle(20));
        table.put("n1", angle(10));
        table.put("n2", angle(80));
        table.put("q2", angle(90));
        table.put("p2", angle(85));
        table.put("n3", angle(0));
        RerankingEvaluator evaluator = RerankingEvaluator.builder(List.of(
                new RerankingSample("q1", List.of("p1"), List.of("n1", "n2")),
                new RerankingSample("q2", List.of("p2"), List.of("n3")),
                new RerankingSample("dropped", List.of(), List.of("n3")))).name("rr").atK(10).build();
        Map<String, Double> metrics = evaluator.evaluate(new LookupEncoder(table), null, -1, -1);
        double ndcg = (1 / (Math.log(3) / Math.log(2)) + 1) / 2;
        assertEquals(List.of("rr_map", "rr_mrr@10", "rr_ndcg@10"), new ArrayList<>(metrics.keySet()));
        assertEquals(0.75, metrics.get("rr_map"), 1e-12);
        assertEquals(0.75, metrics.get("rr_mrr@10"), 1e-12);
        assertEquals(ndcg, metrics.get("rr_ndcg@10"), 1e-12);
        assertEquals("rr_ndcg@10", evaluator.primaryMetric());
        // Sample by sample encoding gives the same numbers.
        assertEquals(metrics, RerankingEvaluator.builder(List.of(
                new RerankingSample("q1", List.of("p1"), List.of("n1", "n2")),
                new RerankingSample("q2", List.of("p2"), List.of("n3")))).name("rr").useBatchedEncoding(false).build()
                .evaluate(new LookupEncoder(table), null, -1, -1));
        // At k = 1 the first sample's positive is not in the top 1.
        Map<String, Double> atOne = RerankingEvaluator.builder(List.of(
                new RerankingSample("q1", List.of("p1"), List.of("n1", "n2")))).atK(1).build()
                .evaluate(new LookupEncoder(table), null, -1, -1);
        assertEquals(0.0, atOne.get("mrr@1"), 0.0);
        assertEquals(0.0, atOne.get("ndcg@1"), 0.0);
    }

    @Test
    void translation() {
        // s0 -> t0 correct, s1 -> t0 wrong (16 vs 40 degrees); t0 -> s0 and t1 -> s1 both correct.
        Map<String, float[]> table = new HashMap<>();
        table.put("s0", angle(0));
        table.put("s1", angle(30));
        table.put("t0", angle(14));
        table.put("t1", angle(70));
        TranslationEvaluator evaluator = TranslationEvaluator.builder(List.of("s0", "s1"), List.of("t0", "t1")).name("tr").build();
        Map<String, Double> metrics = evaluator.evaluate(new LookupEncoder(table), null, -1, -1);
        assertEquals(Map.of("tr_src2trg_accuracy", 0.5, "tr_trg2src_accuracy", 1.0, "tr_mean_accuracy", 0.75), metrics);
        assertEquals("tr_mean_accuracy", evaluator.primaryMetric());
    }

    @Test
    void mseAgainstTheTeacher() {
        Map<String, float[]> teacher = Map.of("en", new float[] {1, 2}, "en2", new float[] {0, 0});
        Map<String, float[]> student = Map.of("de", new float[] {1, 1}, "de2", new float[] {0, 2});
        MSEEvaluator evaluator = MSEEvaluator.builder(List.of("en", "en2"), List.of("de", "de2"), new LookupEncoder(teacher))
                .name("mse").build();
        // ((0 + 1) + (0 + 4)) / 4 * 100 = 125
        assertEquals(Map.of("mse_negative_mse", -125.0), evaluator.evaluate(new LookupEncoder(student), null, -1, -1));
        assertEquals("mse_negative_mse", evaluator.primaryMetric());
    }

    @Test
    void mseFromParallelRows(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        Map<String, float[]> teacher = Map.of("hello", new float[] {1, 2}, "world", new float[] {0, 0});
        Map<String, float[]> student = Map.of("hallo", new float[] {1, 1}, "welt", new float[] {0, 2},
                "bonjour", new float[] {1, 2});
        List<Map<String, String>> rows = List.of(
                Map.of("en", "hello", "de", "hallo", "fr", "bonjour"),
                Map.of("en", "world", "de", "welt", "fr", " "));
        MSEEvaluatorFromDataFrame evaluator = MSEEvaluatorFromDataFrame.builder(rows, new LookupEncoder(teacher), List.of(
                new MSEEvaluatorFromDataFrame.LanguagePair("en", "de"), new MSEEvaluatorFromDataFrame.LanguagePair("en", "fr")))
                .name("para").build();
        // en-de: (0 + 1 + 0 + 4) / 4 * 100 = 125; en-fr: the second row is skipped (blank), 0. Mean 62.5.
        assertEquals(Map.of("para_negative_mse", -62.5), evaluator.evaluate(new LookupEncoder(student), dir, -1, -1));
        assertEquals("epoch,steps,en-de,en-fr\r\n-1,-1,125.0,0.0\r\n",
                java.nio.file.Files.readString(dir.resolve("mse_evaluation_para_results.csv")));
    }

    @Test
    void labelAccuracyWithAClassifierHead() {
        Map<String, float[]> table = Map.of("a", angle(0), "b", angle(10), "c", angle(90), "d", angle(100));
        // Class 0 when the pair is similar (dot > 0.5), class 1 otherwise; ties go to the first index.
        PairClassifier head = (u, v) -> {
            float[][] logits = new float[u.length][];
            for (int i = 0; i < u.length; i++) {
                float dot = u[i][0] * v[i][0] + u[i][1] * v[i][1];
                logits[i] = new float[] {dot, 0.5f};
            }
            return logits;
        };
        LabelAccuracyEvaluator evaluator = LabelAccuracyEvaluator.builder(List.of("a", "a", "c"), List.of("b", "c", "d"),
                List.of(0, 0, 0), head).name("nli").batchSize(2).build();
        // a/b similar (correct), a/c not (wrong), c/d similar (correct).
        assertEquals(Map.of("nli_accuracy", 2.0 / 3), evaluator.evaluate(new LookupEncoder(table), null, -1, -1));
        assertEquals("nli_accuracy", evaluator.primaryMetric());
    }

    @Test
    void sequentialMergesResultsAndScoresTheLastPrimaryMetric() {
        EmbeddingSimilarityEvaluator sts = ref.sts().name("sts").build();
        TripletEvaluator triplet = ref.triplet().name("tri").build();
        SequentialEvaluator sequential = new SequentialEvaluator(List.of(sts, triplet));
        Map<String, Double> metrics = sequential.evaluate(ref.encoder(), null, -1, -1);
        assertEquals(List.of("sts_pearson_cosine", "sts_spearman_cosine", "tri_cosine_accuracy", "sequential_score"),
                new ArrayList<>(metrics.keySet()));
        assertEquals(metrics.get("tri_cosine_accuracy"), metrics.get("sequential_score"));
        assertEquals("sequential_score", sequential.primaryMetric());
        SequentialEvaluator mean = new SequentialEvaluator(List.of(sts, triplet),
                scores -> scores.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
        Map<String, Double> meanMetrics = mean.evaluate(ref.encoder(), null, -1, -1);
        assertEquals((meanMetrics.get("sts_spearman_cosine") + meanMetrics.get("tri_cosine_accuracy")) / 2,
                meanMetrics.get("sequential_score"), 1e-15);
    }

    @Test
    void paraphraseMining() {
        Map<String, String> sentences = new LinkedHashMap<>();
        Map<String, float[]> table = new HashMap<>();
        int[] degrees = {0, 10, 25, 90};
        for (int i = 0; i < degrees.length; i++) {
            sentences.put("id" + i, "s" + i);
            table.put("s" + i, angle(degrees[i]));
        }
        // Mined: (0,1) cos 10 dup, (1,2) cos 15, (0,2) cos 25 dup, (2,3) cos 65, ...
        ParaphraseMiningEvaluator evaluator = ParaphraseMiningEvaluator.builder(sentences)
                .duplicatesList(List.of(List.of("id0", "id1"), List.of("id2", "id0"), List.of("id0", "unknown"))).name("pm").build();
        Map<String, Double> metrics = evaluator.evaluate(new LookupEncoder(table), null, -1, -1);
        assertEquals(List.of("pm_average_precision", "pm_f1", "pm_precision", "pm_recall", "pm_threshold"),
                new ArrayList<>(metrics.keySet()));
        assertEquals((1 + 2.0 / 3) / 2, metrics.get("pm_average_precision"), 1e-12);
        assertEquals(0.8, metrics.get("pm_f1"), 1e-12);
        assertEquals(2.0 / 3, metrics.get("pm_precision"), 1e-12);
        assertEquals(1.0, metrics.get("pm_recall"), 1e-12);
        assertEquals((Math.cos(Math.toRadians(25)) + Math.cos(Math.toRadians(65))) / 2, metrics.get("pm_threshold"), 1e-6);
        // With the transitive closure, (1, 2) becomes a duplicate too: three duplicates at ranks 1, 2, 3.
        Map<String, Double> closed = ParaphraseMiningEvaluator.builder(sentences)
                .duplicatesList(List.of(List.of("id0", "id1"), List.of("id2", "id0"))).addTransitiveClosure(true).build()
                .evaluate(new LookupEncoder(table), null, -1, -1);
        assertEquals(1.0, closed.get("average_precision"), 1e-12);
    }

    private static float[] angle(double degrees) {
        return new float[] {(float) Math.cos(Math.toRadians(degrees)), (float) Math.sin(Math.toRadians(degrees))};
    }

    /** {@code actual}, with each value replaced by the expected one when within 1e-6, so maps compare whole. */
    private static Map<String, Double> rounded(Map<String, Double> actual, Map<String, Double> expected) {
        Map<String, Double> out = new LinkedHashMap<>();
        actual.forEach((k, v) -> out.put(k, expected.containsKey(k) && Math.abs(expected.get(k) - v) <= 1e-6 ? expected.get(k) : v));
        return out;
    }
}
