package io.st4j.hub;

import io.st4j.core.ModelCardWriter;
import io.st4j.core.SentenceTransformer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@link ModelCardWriter} st-core finds with {@link java.util.ServiceLoader}: every
 * {@link SentenceTransformer#save} writes the sentence-transformers {@link ModelCard} from the model's
 * {@link SentenceTransformerModelCardData} (its defaults when the model carries none). As
 * sentence-transformers, a model loaded with a card and not trained here keeps that card, with its
 * placeholder model id replaced by the card data's model id when set.
 */
public final class HubModelCardWriter implements ModelCardWriter {

    private static final String PLACEHOLDER_USAGE = "model = SentenceTransformer(\"sentence_transformers_model_id\")";

    @Override
    public void write(SentenceTransformer model, Path dir) throws IOException {
        write(model, SentenceTransformerModelCardData.of(model), dir);
    }

    /** Writes the card of {@code model} from {@code data} into {@code dir}, which holds the model's files. */
    static void write(SentenceTransformer model, SentenceTransformerModelCardData data, Path dir) throws IOException {
        if (model.loadedModelCard() != null && data.trainingDetails() == null) {
            String card = model.loadedModelCard();
            if (data.modelId() != null) {
                card = card.replace(PLACEHOLDER_USAGE, "model = SentenceTransformer(\"" + data.modelId() + "\")");
            }
            Files.writeString(dir.resolve(SentenceTransformer.MODEL_CARD), card, StandardCharsets.UTF_8);
            return;
        }
        ModelCard.write(dir, data, ModelCard.ModelDescription.of(model, dir));
    }
}
