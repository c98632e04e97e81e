package io.st4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.core.testing.TinyBert;
import io.st4j.core.train.HubStrategy;
import io.st4j.core.train.SentenceTransformerTrainer;
import io.st4j.core.train.SentenceTransformerTrainingArguments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** st-core alone: no {@link ModelCardWriter} on the class path, so models are saved without a card. */
class ModelCardWithoutHubTest {

    @TempDir
    Path tmp;

    @Test
    void saveWritesNoCardWithoutAWriterAndKeepsTheCardData() throws IOException {
        assertTrue(ServiceLoader.load(ModelCardWriter.class).findFirst().isEmpty(), "st-hub is not on this class path");
        SentenceTransformer model = SentenceTransformer.load(TinyBert.folder(tmp.resolve("tiny")));
        ModelCardData data = new ModelCardData() {
        };
        model.setModelCardData(data);

        model.save(tmp.resolve("saved"));

        assertTrue(Files.exists(tmp.resolve("saved/modules.json")));
        assertFalse(Files.exists(tmp.resolve("saved/README.md")));
        assertSame(data, model.modelCardData());
    }

    @Test
    void hubArgumentsDefaultAsHuggingFacesAndTheTokenIsNeverPrinted() {
        SentenceTransformerTrainingArguments defaults = SentenceTransformerTrainingArguments.builder(tmp).build();
        assertFalse(defaults.pushToHub());
        assertEquals(HubStrategy.EVERY_SAVE, defaults.hubStrategy());
        assertEquals(null, defaults.hubPrivateRepo());
        assertTrue(defaults.toString().contains("hubToken=null"), defaults.toString());

        SentenceTransformerTrainingArguments withToken = SentenceTransformerTrainingArguments.builder(tmp)
                .pushToHub(true).hubModelId("me/model").hubToken("hf_secret_value").build();
        assertFalse(withToken.toString().contains("hf_secret_value"), withToken.toString());
        assertTrue(withToken.toString().endsWith("hubToken=<HUB_TOKEN>]"), withToken.toString());
        assertTrue(withToken.toString().contains("hubModelId=me/model"), withToken.toString());
    }

    @Test
    void pushToHubWithoutStHubIsRefusedRatherThanIgnored() throws IOException {
        SentenceTransformer model = SentenceTransformer.load(TinyBert.folder(tmp.resolve("tiny")));
        SentenceTransformerTrainingArguments args = SentenceTransformerTrainingArguments.builder(tmp.resolve("out"))
                .pushToHub(true).hubModelId("me/model").build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SentenceTransformerTrainer.builder(model, args).build());
        assertTrue(e.getMessage().contains("st-hub"), e.getMessage());
    }
}
