package io.st4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.st4j.core.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The evaluators on real benchmarks with a real model (all-MiniLM-L6-v2 via ONNX Runtime, see {@link OnnxMiniLm}),
 * against MTEB's published numbers for that model (shared/data/SOURCES.md). Minutes of encoding on this machine,
 * so opt-in: {@code -Dst4j.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "st4j.benchmark", matches = "true")
class RealModelBenchmark {

    @Test
    void stsBenchmarkTestSplitMatchesMteb() throws Exception {
        StsData data = StsData.read(SharedData.data("sts/stsb_test.tsv"), 5);
        try (OnnxMiniLm model = new OnnxMiniLm()) {
            long start = System.nanoTime();
            Map<String, Double> metrics = data.evaluator().name("sts-test").build().evaluate(model, null, -1, -1);
            System.out.printf(Locale.ROOT, "STSb test, all-MiniLM-L6-v2 (ONNX): spearman %.7f pearson %.7f in %d ms%n",
                    metrics.get("sts-test_spearman_cosine"), metrics.get("sts-test_pearson_cosine"),
                    (System.nanoTime() - start) / 1_000_000);
            assertEquals(0.8203247, metrics.get("sts-test_spearman_cosine"), 1e-4);
            assertEquals(0.8274064, metrics.get("sts-test_pearson_cosine"), 1e-4);
        }
    }

    @Test
    void scifactNdcgAt10() throws Exception {
        Path folder = SharedData.data("retrieval/scifact");
        BeirData data = BeirData.read(folder.resolve("queries.tsv"), folder.resolve("corpus.tsv"), folder.resolve("qrels.tsv"));
        try (OnnxMiniLm onnx = new OnnxMiniLm()) {
            long[] encodeNanos = {0};
            io.st4j.core.SentenceEncoder timed = new io.st4j.core.SentenceEncoder() {
                @Override
                public float[][] encode(List<String> texts, io.st4j.core.EncodeOptions options) {
                    long t0 = System.nanoTime();
                    float[][] out = onnx.encode(texts, options);
                    encodeNanos[0] += System.nanoTime() - t0;
                    return out;
                }

                @Override
                public io.st4j.core.SimilarityFunction similarityFunction() {
                    return onnx.similarityFunction();
                }
            };
            long start = System.nanoTime();
            Map<String, Double> metrics = data.evaluator().name("scifact").build().evaluate(timed, null, -1, -1);
            long total = System.nanoTime() - start;
            System.out.printf(Locale.ROOT, "SciFact, all-MiniLM-L6-v2 (ONNX): nDCG@10 %.7f; total %d ms = encoding %d ms"
                            + " + scoring and metrics %d ms%n", metrics.get("scifact_cosine_ndcg@10"), total / 1_000_000,
                    encodeNanos[0] / 1_000_000, (total - encodeNanos[0]) / 1_000_000);
            assertEquals(0.64508, metrics.get("scifact_cosine_ndcg@10"), 1e-4);
        }
    }
}
