package io.st4j.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.core.ModelCardData;
import io.st4j.core.ModelCardWriter;
import io.st4j.core.SentenceTransformer;
import io.st4j.core.testing.TinyBert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SentenceTransformer#save} writes the card from the data set when the model was created. */
class ModelCardOnSaveTest {

    @TempDir
    Path tmp;

    @Test
    void isRegisteredAsTheModelCardWriter() {
        assertEquals(HubModelCardWriter.class, ServiceLoader.load(ModelCardWriter.class).findFirst().orElseThrow()
                .getClass());
    }

    @Test
    void everySaveWritesTheCardOfTheModelsCardData() throws IOException {
        SentenceTransformer model = SentenceTransformer.load(TinyBert.folder(tmp.resolve("tiny")));
        assertNull(model.modelCardData());
        model.setModelCardData(SentenceTransformerModelCardData.builder().language("en").license("apache-2.0")
                .modelName("Tiny BERT").modelId("me/tiny").tags("tiny").build());

        Path folder = tmp.resolve("saved");
        model.save(folder);
        String card = Files.readString(folder.resolve("README.md"));
        assertTrue(card.startsWith("---\n# For reference on model card metadata"), card);
        assertTrue(card.contains("language:\n- en\nlicense: apache-2.0\ntags:\n"), card);
        assertTrue(card.contains("- tiny\n"), card);
        assertTrue(card.contains("\n# Tiny BERT\n"), card);
        assertTrue(card.contains("model = SentenceTransformer(\"me/tiny\")"), card);
        assertTrue(card.contains("### Full Model Architecture\n\n```\nSentenceTransformer(\n  (0): Transformer("), card);
        assertFalse(card.contains("## Training Details"), "not trained here");
        try (Stream<Path> files = Files.list(folder)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".tmp")), "no temporary file left");
        }
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertEquals(List.of("saved", "tiny"), siblings.map(p -> p.getFileName().toString()).sorted().toList(),
                    "the temporary folder of the atomic save is gone");
        }

        model.setModelCardData(SentenceTransformerModelCardData.builder().modelName("Renamed").build());
        model.save(folder);
        assertTrue(Files.readString(folder.resolve("README.md")).contains("\n# Renamed\n"), "rewritten on each save");
    }

    @Test
    void aModelWithoutCardDataGetsTheDefaultCardAndForeignCardDataIsRefused() throws IOException {
        SentenceTransformer model = SentenceTransformer.load(TinyBert.folder(tmp.resolve("tiny")));
        model.save(tmp.resolve("plain"));
        String card = Files.readString(tmp.resolve("plain/README.md"));
        assertTrue(card.contains("\n# Sentence Transformer model\n"), card);
        assertTrue(card.contains("SentenceTransformer(\"sentence_transformers_model_id\")"), card);

        model.setModelCardData(new ModelCardData() {
        });
        model.save(tmp.resolve("foreign"));
        assertTrue(Files.exists(tmp.resolve("foreign/modules.json")), "the model is saved");
        assertFalse(Files.exists(tmp.resolve("foreign/README.md")), "without a card it cannot write");
    }

    @Test
    void aLoadedCardIsKeptUntilTheModelIsTrainedWithItsModelIdFilledIn() throws IOException {
        Path folder = tmp.resolve("from-hub");
        SentenceTransformer.load(TinyBert.folder(tmp.resolve("tiny"))).save(folder);
        String original = "---\nlicense: mit\n---\n# Someone's card\n"
                + "model = SentenceTransformer(\"sentence_transformers_model_id\")\n";
        Files.writeString(folder.resolve("README.md"), original);
        SentenceTransformer model = SentenceTransformer.load(folder);
        assertEquals(original, model.loadedModelCard());

        model.save(tmp.resolve("copy"));
        assertEquals(original, Files.readString(tmp.resolve("copy/README.md")));

        model.setModelCardData(SentenceTransformerModelCardData.builder().modelId("me/copy").build());
        model.save(tmp.resolve("named"));
        assertEquals(original.replace("sentence_transformers_model_id", "me/copy"),
                Files.readString(tmp.resolve("named/README.md")));

        TrainingDetails trained = new TrainingDetails(List.of(), List.of(), java.util.Map.of(), java.util.Map.of(),
                List.of(), List.of(), List.of(), List.of());
        model.setModelCardData(SentenceTransformerModelCardData.builder().build().withTrainingDetails(trained));
        model.save(tmp.resolve("trained"));
        assertTrue(Files.readString(tmp.resolve("trained/README.md")).contains("\n# Sentence Transformer model\n"),
                "a trained model gets a new card");
    }
}
