package io.st4j.core.train;

import java.util.List;

/**
 * One training example of sentence-transformers' deprecated {@code fit} API: its texts (one per input
 * column) and an optional label.
 *
 * @param texts the texts, in column order
 * @param label the label (a score, a class id), or null
 */
public record InputExample(List<String> texts, Double label) {

    public InputExample {
        if (texts == null || texts.isEmpty()) {
            throw new IllegalArgumentException("an InputExample needs at least one text");
        }
        texts = List.copyOf(texts);
    }

    /** An example without a label. */
    public InputExample(List<String> texts) {
        this(texts, null);
    }
}
