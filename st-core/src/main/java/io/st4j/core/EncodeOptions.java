package io.st4j.core;

/**
 * Options of {@link SentenceEncoder#encode}, with the defaults of sentence-transformers' {@code encode}.
 *
 * @param batchSize           texts per forward pass (32)
 * @param normalizeEmbeddings L2-normalize each embedding (false)
 * @param precision           output precision (float32); quantized values (int8 -128..127, binary packed
 *                            bits as int8, ...) are returned as exact floats
 * @param truncateDim         keep only the first N dimensions, or null for the model's setting
 * @param prompt              a literal prompt prepended to every text, or null
 * @param promptName          the name of a prompt from the model's config, or null
 * @param showProgressBar     print a progress bar to stderr (false)
 */
public record EncodeOptions(int batchSize, boolean normalizeEmbeddings, Precision precision, Integer truncateDim,
                            String prompt, String promptName, boolean showProgressBar) {

    /** sentence-transformers' defaults. */
    public static final EncodeOptions DEFAULTS = builder().build();

    public EncodeOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (truncateDim != null && truncateDim < 1) {
            throw new IllegalArgumentException("truncateDim must be >= 1, got " + truncateDim);
        }
        if (prompt != null && promptName != null) {
            throw new IllegalArgumentException("give either prompt or promptName, not both");
        }
        if (precision == null) {
            throw new IllegalArgumentException("precision must not be null");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.batchSize = batchSize;
        b.normalizeEmbeddings = normalizeEmbeddings;
        b.precision = precision;
        b.truncateDim = truncateDim;
        b.prompt = prompt;
        b.promptName = promptName;
        b.showProgressBar = showProgressBar;
        return b;
    }

    /** Builder for {@link EncodeOptions}. */
    public static final class Builder {
        private int batchSize = 32;
        private boolean normalizeEmbeddings;
        private Precision precision = Precision.FLOAT32;
        private Integer truncateDim;
        private String prompt;
        private String promptName;
        private boolean showProgressBar;

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder normalizeEmbeddings(boolean normalize) {
            this.normalizeEmbeddings = normalize;
            return this;
        }

        public Builder precision(Precision precision) {
            this.precision = precision;
            return this;
        }

        public Builder truncateDim(Integer truncateDim) {
            this.truncateDim = truncateDim;
            return this;
        }

        public Builder prompt(String prompt) {
            this.prompt = prompt;
            return this;
        }

        public Builder promptName(String promptName) {
            this.promptName = promptName;
            return this;
        }

        public Builder showProgressBar(boolean show) {
            this.showProgressBar = show;
            return this;
        }

        public EncodeOptions build() {
            return new EncodeOptions(batchSize, normalizeEmbeddings, precision, truncateDim, prompt, promptName,
                    showProgressBar);
        }
    }
}
