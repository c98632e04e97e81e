package io.st4j.core.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.st4j.core.testing.TinyEncoders;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad token batches fail before any lookup, naming the value: on the graph, the lean encode and the lean
 * training path.
 */
class TransformerInputChecksTest {

    @TempDir
    Path tmp;

    @Test
    void aTokenIdOutsideTheVocabularyIsNamed() throws Exception {
        Transformer transformer = Transformer.load(TinyEncoders.folder("bert", tmp.resolve("bert")));
        int vocab = transformer.config().vocabSize();
        TokenBatch batch = new TokenBatch(1, 3, new int[] {1, vocab, 2}, new int[] {1, 1, 1}, new int[3]);
        String expected = "token id " + vocab + " is outside the model's table of " + vocab
                + " rows (config.json vocab_size)";

        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> transformer.graphInputs(batch)).getMessage());
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> transformer.inferTokenEmbeddings(batch, (stage, nanos) -> { })).getMessage());
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> transformer.trainingForward(List.of(batch), 0, (stage, nanos) -> { })).getMessage());
    }

    @Test
    void aRowWithoutRealTokensIsNamed() throws Exception {
        Transformer transformer = Transformer.load(TinyEncoders.folder("bert", tmp.resolve("bert")));
        TokenBatch batch = new TokenBatch(2, 2, new int[] {1, 2, 0, 0}, new int[] {1, 1, 0, 0}, new int[4]);

        assertEquals("row 1 of the batch has no real token", assertThrows(IllegalArgumentException.class,
                () -> transformer.inferTokenEmbeddings(batch, (stage, nanos) -> { })).getMessage());
        assertEquals("row 1 of column 0 has no real token", assertThrows(IllegalArgumentException.class,
                () -> transformer.trainingForward(List.of(batch), 0, (stage, nanos) -> { })).getMessage());
    }
}
