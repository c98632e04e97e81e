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

    /**
     * Embeds search queries, as sentence-transformers' {@code encode_query}: a model with a {@code query} prompt
     * applies it when {@code options} names no prompt. The default is plain {@link #encode}.
     */
    default float[][] encodeQuery(List<String> texts, EncodeOptions options) {
        return encode(texts, options);
    }

    /**
     * Embeds documents to search in, as sentence-transformers' {@code encode_document}: a model with a
     * {@code document} prompt applies it when {@code options} names no prompt. The default is plain {@link #encode}.
     */
    default float[][] encodeDocument(List<String> texts, EncodeOptions options) {
        return encode(texts, options);
    }

    /** The model's similarity function ({@code similarity_fn_name}, cosine when unset). */
    SimilarityFunction similarityFunction();
}
