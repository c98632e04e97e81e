package io.st4j.evaluation;

import io.st4j.core.EncodeOptions;
import java.nio.file.Path;

/**
 * An evaluator that encodes texts with the settings sentence-transformers' evaluators share: {@code name},
 * {@code batch_size}, {@code show_progress_bar}, {@code write_csv} and {@code truncate_dim}.
 */
abstract class EncodingEvaluator extends AbstractEvaluator {

    final int batchSize;
    final boolean showProgressBar;
    final boolean writeCsv;
    final Integer truncateDim;

    EncodingEvaluator(Builder<?> b) {
        super(b.name);
        this.batchSize = Checks.positive("batchSize", b.batchSize);
        this.showProgressBar = b.showProgressBar;
        this.writeCsv = b.writeCsv;
        this.truncateDim = b.truncateDim;
    }

    /** Encode options with this evaluator's batch size, progress bar and truncation. */
    final EncodeOptions.Builder encodeOptions() {
        return options(batchSize, showProgressBar, truncateDim);
    }

    /** {@link #when(int, int, Integer)} with this evaluator's truncation. */
    final String when(int epoch, int steps) {
        return when(epoch, steps, truncateDim);
    }

    /** Whether this call writes the CSV file: an output path was given and {@code writeCsv} is on. */
    final boolean writesCsv(Path outputPath) {
        return outputPath != null && writeCsv;
    }

    /**
     * The shared builder settings, with sentence-transformers' defaults (no name, no progress bar, CSV on,
     * no truncation); the batch size default differs per evaluator.
     *
     * @param <B> the evaluator's own builder
     */
    abstract static class Builder<B extends Builder<B>> {
        private String name = "";
        private int batchSize;
        private boolean showProgressBar;
        private boolean writeCsv = true;
        private Integer truncateDim;

        Builder(int defaultBatchSize) {
            this.batchSize = defaultBatchSize;
        }

        /** Prefix of the metric keys and part of the CSV file name. */
        public B name(String name) {
            this.name = name;
            return self();
        }

        public B batchSize(int batchSize) {
            this.batchSize = batchSize;
            return self();
        }

        public B showProgressBar(boolean show) {
            this.showProgressBar = show;
            return self();
        }

        public B writeCsv(boolean writeCsv) {
            this.writeCsv = writeCsv;
            return self();
        }

        /** Truncate embeddings to this many dimensions ({@code null}: the model's own). */
        public B truncateDim(Integer truncateDim) {
            this.truncateDim = truncateDim;
            return self();
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }
    }
}
