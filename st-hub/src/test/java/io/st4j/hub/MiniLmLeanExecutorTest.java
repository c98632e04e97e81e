package io.st4j.hub;

import static io.st4j.core.testing.EncodePaths.maxDiff;
import static io.st4j.core.testing.EncodePaths.withPath;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.core.EncodeOptions;
import io.st4j.core.SentenceTransformer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real all-MiniLM-L6-v2 through the Transformer's lean executor and through the SameDiff graph
 * ({@link SentenceTransformer#ENCODE_PATH_PROPERTY}): the reference sentences, and texts of several of them
 * joined (over 64 tokens, so attention splits its products into blocks of query rows), equal within 1e-5.
 */
class MiniLmLeanExecutorTest {

    @TempDir
    Path tmp;

    @Test
    void leanExecutorEqualsTheSameDiffGraph() throws Exception {
        SentenceTransformer model = MiniLm.importInto(tmp);
        List<String> texts = new ArrayList<>(MiniLm.referenceSentences());
        int sentences = texts.size();
        for (int i = 0; i + 6 <= sentences; i += 3) {
            texts.add(String.join(" ", texts.subList(i, i + 6)));
        }
        EncodeOptions options = EncodeOptions.builder().batchSize(8).build();

        float[][] lean = withPath("lean", () -> model.encode(texts, options));
        float[][] graph = withPath("samediff", () -> model.encode(texts, options));
        List<float[][]> leanTokens = withPath("lean", () -> model.encodeTokens(texts, options));
        List<float[][]> graphTokens = withPath("samediff", () -> model.encodeTokens(texts, options));

        assertTrue(leanTokens.get(texts.size() - 1).length > 64, "a joined text is longer than 64 tokens");
        double sentenceDiff = maxDiff(List.<float[][]>of(graph), List.<float[][]>of(lean));
        double tokenDiff = maxDiff(graphTokens, leanTokens);
        assertTrue(sentenceDiff <= 1e-5, "sentence embeddings, lean vs SameDiff: max abs diff " + sentenceDiff);
        assertTrue(tokenDiff <= 1e-5, "token embeddings, lean vs SameDiff: max abs diff " + tokenDiff);
        System.out.printf("all-MiniLM-L6-v2 lean vs SameDiff: max abs diff %.3g (sentence), %.3g (tokens)%n",
                sentenceDiff, tokenDiff);
    }
}
