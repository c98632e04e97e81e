package io.st4j.evaluation;

import io.st4j.core.EncodeOptions;
import io.st4j.core.SentenceEncoder;
import io.st4j.core.SimilarityFunction;
import io.st4j.core.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A benchmark, not a test (runs only with {@code -Dst4j.benchmark=true}): InformationRetrievalEvaluator over BEIR
 * SciFact (300 queries, 5,183 documents) with a deterministic hashed bag-of-words encoder (384 dimensions), wall
 * time split into encoding and scoring. The encoder stands in until st-core's SentenceTransformer lands; the
 * scoring time is what the evaluator itself costs.
 */
@EnabledIfSystemProperty(named = "st4j.benchmark", matches = "true")
class ScifactBenchmark {

    @Test
    void scifact() {
        Path folder = SharedData.data("retrieval/scifact");
        BeirData data = BeirData.read(folder.resolve("queries.tsv"), folder.resolve("corpus.tsv"), folder.resolve("qrels.tsv"));
        HashedBagOfWords encoder = new HashedBagOfWords(384);
        for (int run = 0; run < 3; run++) {
            encoder.nanos = 0;
            long start = System.nanoTime();
            Map<String, Double> metrics = data.evaluator().name("scifact").build().evaluate(encoder, null, -1, -1);
            long total = System.nanoTime() - start;
            System.out.printf(Locale.ROOT, "run %d: total %d ms = encoding %d ms + scoring and metrics %d ms; nDCG@10 %.5f%n",
                    run, total / 1_000_000, encoder.nanos / 1_000_000, (total - encoder.nanos) / 1_000_000,
                    metrics.get("scifact_cosine_ndcg@10"));
        }
    }

    /** Each lower-cased word adds +-1 to one of {@code dim} buckets chosen by its hash. */
    static final class HashedBagOfWords implements SentenceEncoder {
        private final int dim;
        long nanos;

        HashedBagOfWords(int dim) {
            this.dim = dim;
        }

        @Override
        public float[][] encode(List<String> texts, EncodeOptions options) {
            long start = System.nanoTime();
            float[][] out = new float[texts.size()][dim];
            for (int i = 0; i < texts.size(); i++) {
                for (String word : texts.get(i).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                    if (!word.isEmpty()) {
                        int h = word.hashCode() * 0x9E3779B1;
                        out[i][Math.floorMod(h, dim)] += (h & 0x10000) == 0 ? 1 : -1;
                    }
                }
            }
            nanos += System.nanoTime() - start;
            return out;
        }

        @Override
        public SimilarityFunction similarityFunction() {
            return SimilarityFunction.COSINE;
        }
    }
}
