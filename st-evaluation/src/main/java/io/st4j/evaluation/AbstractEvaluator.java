package io.st4j.evaluation;

import io.st4j.core.EncodeOptions;
import io.st4j.core.train.Evaluator;
import java.util.LinkedHashMap;
import java.util.Map;

/** What every evaluator shares: its name, the prefixing of metric keys and the wording of log lines. */
abstract class AbstractEvaluator implements Evaluator {

    private final String name;

    AbstractEvaluator(String name) {
        this.name = name == null ? "" : name;
    }

    @Override
    public String name() {
        return name;
    }

    /** {@code name + "_" + key}, or the bare key when the name is empty (sentence-transformers' prefixing). */
    final String prefixed(String key) {
        return name.isEmpty() ? key : name + "_" + key;
    }

    /** Every key of {@code metrics} prefixed, in order. */
    final Map<String, Double> prefixed(Map<String, Double> metrics) {
        Map<String, Double> out = new LinkedHashMap<>();
        metrics.forEach((key, value) -> out.put(prefixed(key), value));
        return out;
    }

    /** " after epoch 1", " in epoch 1 after 100 steps" or "", plus " (truncated to N)" as the Python log says. */
    static String when(int epoch, int steps, Integer truncateDim) {
        String text = epoch == -1 ? "" : steps == -1 ? " after epoch " + epoch : " in epoch " + epoch + " after " + steps + " steps";
        return truncateDim == null ? text : text + " (truncated to " + truncateDim + ")";
    }

    /** Encode options with the evaluator's batch size, progress bar and truncation. */
    static EncodeOptions.Builder options(int batchSize, boolean showProgressBar, Integer truncateDim) {
        return EncodeOptions.builder().batchSize(batchSize).showProgressBar(showProgressBar).truncateDim(truncateDim);
    }
}
