package io.st4j.core;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the model card ({@code README.md}) into a model folder as it is saved, from the model and its
 * {@link SentenceTransformer#modelCardData()}. Found with {@link java.util.ServiceLoader}; st-hub provides
 * the sentence-transformers card. Without an implementation on the class path models are saved without a card.
 */
public interface ModelCardWriter {

    /**
     * Writes the card of {@code model} into {@code dir}, which already holds the model's other files.
     *
     * @throws IOException if the card cannot be written
     */
    void write(SentenceTransformer model, Path dir) throws IOException;
}
