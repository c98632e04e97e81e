package io.st4j.evaluation;

import java.util.List;

/** One {@link RerankingEvaluator} sample: a query with its relevant and irrelevant documents. */
public record RerankingSample(String query, List<String> positive, List<String> negative) {

    public RerankingSample {
        if (query == null) {
            throw new IllegalArgumentException("a reranking sample needs a query");
        }
        positive = Checks.texts("positive documents of query '" + query + "'", positive);
        negative = Checks.texts("negative documents of query '" + query + "'", negative);
    }
}
