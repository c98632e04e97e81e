package io.st4j.hub;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.SentenceTransformer;
import io.st4j.core.testing.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** all-MiniLM-L6-v2 for the tests that compare st4j's paths on the real model, and Python's reference sentences. */
final class MiniLm {

    private MiniLm() {
    }

    /** Imports the model afresh into {@code dir} (not from the user's cache, so the current import code runs) and loads it. */
    static SentenceTransformer importInto(Path dir) throws IOException {
        Path folder = dir.resolve(DefaultModel.NAME);
        DefaultModel.importInto(folder);
        return SentenceTransformer.load(folder);
    }

    /** The sentences of {@code minilm_embeddings.json}, in order. */
    static List<String> referenceSentences() {
        JsonNode ref = SharedData.referenceJson("minilm_embeddings.json");
        List<String> sentences = new ArrayList<>();
        ref.get("sentences").forEach(s -> sentences.add(s.asText()));
        return sentences;
    }
}
