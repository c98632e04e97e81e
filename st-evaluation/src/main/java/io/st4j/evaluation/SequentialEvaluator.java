package io.st4j.evaluation;

import io.st4j.core.SentenceEncoder;
import io.st4j.core.train.Evaluator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * sentence-transformers' {@code SequentialEvaluator}: runs several evaluators in order and returns all their
 * metrics plus {@code sequential_score}, the main score function (default: the last one) of their primary
 * metrics. Primary metric {@code sequential_score}.
 */
public final class SequentialEvaluator extends AbstractEvaluator {

    private final List<Evaluator> evaluators;
    private final Function<List<Double>, Double> mainScoreFunction;

    /** With the last evaluator's primary metric as the score. */
    public SequentialEvaluator(List<? extends Evaluator> evaluators) {
        this(evaluators, scores -> scores.get(scores.size() - 1));
    }

    public SequentialEvaluator(List<? extends Evaluator> evaluators, Function<List<Double>, Double> mainScoreFunction) {
        super("");
        if (evaluators == null || mainScoreFunction == null) {
            throw new IllegalArgumentException("evaluators and mainScoreFunction must not be null");
        }
        this.evaluators = List.copyOf(evaluators);
        Checks.nonEmpty("evaluators", this.evaluators);
        this.mainScoreFunction = mainScoreFunction;
    }

    @Override
    public Map<String, Double> evaluate(SentenceEncoder model, Path outputPath, int epoch, int steps) {
        Map<String, Double> results = new LinkedHashMap<>();
        List<Double> scores = new ArrayList<>();
        for (Evaluator evaluator : evaluators) {
            Map<String, Double> evaluation = evaluator.evaluate(model, outputPath, epoch, steps);
            Double score = evaluation.get(evaluator.primaryMetric());
            if (score == null) {
                throw new IllegalStateException(evaluator.getClass().getSimpleName() + " returned no primary metric '"
                        + evaluator.primaryMetric() + "'; it returned " + evaluation.keySet());
            }
            scores.add(score);
            results.putAll(evaluation);
        }
        results.put("sequential_score", mainScoreFunction.apply(scores));
        return results;
    }

    @Override
    public String primaryMetric() {
        return "sequential_score";
    }
}
