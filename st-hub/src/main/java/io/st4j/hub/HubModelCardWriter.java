package io.st4j.hub;

import io.st4j.core.ModelCardWriter;
import io.st4j.core.SentenceTransformer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The {@link ModelCardWriter} st-core finds with {@link java.util.ServiceLoader}: every
 * {@link SentenceTransformer#save} writes the sentence-transformers {@link ModelCard} from the model's
 * {@link SentenceTransformerModelCardData} (its defaults when the model carries none).
 */
public final class HubModelCardWriter implements ModelCardWriter {

    @Override
    public void write(SentenceTransformer model, Path dir) throws IOException {
        ModelCard.write(dir, SentenceTransformerModelCardData.of(model), ModelCard.ModelDescription.of(model, dir));
    }
}
