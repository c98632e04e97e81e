package io.st4j.evaluation;

import io.st4j.core.SentenceEncoder;
import io.st4j.core.SimilarityFunction;
import java.util.List;

/**
 * The {@code similarity_fn_names} argument of the pair evaluators: the functions to score with, or none to use
 * the model's own {@code similarity_fn_name}, fixed at the first evaluation as in sentence-transformers.
 */
final class SimilarityFunctions {

    private List<SimilarityFunction> functions;

    SimilarityFunctions(List<SimilarityFunction> configured) {
        this.functions = configured == null || configured.isEmpty() ? null : List.copyOf(configured);
    }

    /** The functions, taking the model's when none were configured and none were fixed yet. */
    List<SimilarityFunction> resolve(SentenceEncoder model) {
        if (functions == null) {
            functions = List.of(model.similarityFunction());
        }
        return functions;
    }

    /** The functions as known now; before the first evaluation an unconfigured list assumes cosine, the default. */
    List<SimilarityFunction> current() {
        return functions == null ? List.of(SimilarityFunction.COSINE) : functions;
    }
}
