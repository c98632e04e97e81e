package io.st4j.losses;

import io.st4j.core.SimilarityFunction;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MultipleNegativesRankingLoss plus the symmetric term: each positive must also pick out its own anchor
 * among all anchors; the two cross-entropies are averaged (directions query_to_doc and doc_to_query,
 * one softmax per direction).
 */
public class MultipleNegativesSymmetricRankingLoss extends MultipleNegativesRankingLoss {

    /** Scale 20, cosine similarity. */
    public MultipleNegativesSymmetricRankingLoss() {
        this(20.0, SimilarityFunction.COSINE);
    }

    public MultipleNegativesSymmetricRankingLoss(double scale, SimilarityFunction similarity) {
        super(builder().scale(scale).similarity(similarity)
                .directions(Direction.QUERY_TO_DOC, Direction.DOC_TO_QUERY)
                .partitionMode(PartitionMode.PER_DIRECTION));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("scale", scale());
        config.put("similarity_fct", Similarities.matrixName(similarity()));
        config.put("gather_across_devices", false);
        return config;
    }

    @Override
    public String citation() {
        return null;
    }
}
