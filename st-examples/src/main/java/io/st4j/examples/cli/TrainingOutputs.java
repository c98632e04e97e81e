package io.st4j.examples.cli;

import io.st4j.core.train.ChartCallback;
import io.st4j.core.train.JsonLinesMetricsCallback;
import io.st4j.core.train.LoggingCallback;
import io.st4j.core.train.ProgressBarCallback;
import io.st4j.core.train.SentenceTransformerTrainer;
import io.st4j.core.train.TensorBoardCallback;
import java.nio.file.Path;

/**
 * What every training command reports: log lines, a progress bar, {@code metrics.jsonl}, PNG charts in
 * {@code charts/} and TensorBoard events in {@code runs/} of the output folder.
 */
final class TrainingOutputs {

    private TrainingOutputs() {
    }

    static SentenceTransformerTrainer.Builder addTo(SentenceTransformerTrainer.Builder builder, Path output) {
        return builder.callback(new LoggingCallback())
                .callback(new ProgressBarCallback())
                .callback(new JsonLinesMetricsCallback(output.resolve("metrics.jsonl")))
                .callback(new ChartCallback(output.resolve("charts")))
                .callback(new TensorBoardCallback(output.resolve("runs")));
    }
}
