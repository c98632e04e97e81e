package io.st4j.core.train;

import io.st4j.core.SentenceEncoder;
import java.nio.file.Path;
import java.util.Map;

/**
 * Measures a model, as sentence-transformers' {@code SentenceEvaluator} does: metric keys are prefixed
 * with the evaluator's name (e.g. {@code sts-dev_spearman_cosine}), and one of them is primary.
 */
public interface Evaluator {

    /** The name that prefixes every metric key; may be empty. */
    String name();

    /**
     * Evaluates {@code model}.
     *
     * @param outputPath folder to write the evaluator's CSV file into, or null to write none
     * @param epoch      the epoch this evaluation follows, -1 outside training
     * @param steps      the global step, -1 outside training
     * @return metrics by prefixed key, in sentence-transformers' order
     */
    Map<String, Double> evaluate(SentenceEncoder model, Path outputPath, int epoch, int steps);

    /** The prefixed key of the metric that decides the best model. */
    String primaryMetric();

    /** Whether a higher primary metric is better. */
    default boolean greaterIsBetter() {
        return true;
    }
}
