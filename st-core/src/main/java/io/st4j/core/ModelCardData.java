package io.st4j.core;

/**
 * The metadata a model's card is written from (language, license, model name and id, datasets, tags, and
 * what training adds), as sentence-transformers' {@code model_card_data}. st-core only carries it with the
 * model ({@link SentenceTransformer#setModelCardData}); the implementation and the card itself live in
 * st-hub ({@code io.st4j.hub.SentenceTransformerModelCardData}), which reads it through a
 * {@link ModelCardWriter}.
 */
public interface ModelCardData {
}
