package io.st4j.core;

import java.util.List;

/**
 * What evaluators and guide-model losses need of a model: texts in, one embedding per text out.
 * {@link SentenceTransformer} is the implementation; tests may supply fixed embeddings.
 */
public interface SentenceEncoder {

    /**
     * Embeds {@code texts}, one row per text, in the given order.
     *
     * @throws IllegalArgumentException if a text is null, naming its index
     */
    float[][] encode(List<String> texts, EncodeOptions options);

    /** Embeds {@code texts} with {@link EncodeOptions#DEFAULTS}. */
    default float[][] encode(List<String> texts) {
        return encode(texts, EncodeOptions.DEFAULTS);
    }

    /** The model's similarity function ({@code similarity_fn_name}, cosine when unset). */
    SimilarityFunction similarityFunction();
}
