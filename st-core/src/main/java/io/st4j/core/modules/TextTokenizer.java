package io.st4j.core.modules;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.st4j.core.io.Json;
import io.st4j.core.io.ModelFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A Hugging Face fast tokenizer ({@code tokenizer.json}, run by the Rust tokenizers library through DJL)
 * with or without special tokens, truncation to a maximum length (or none) and no padding of its own.
 * Without special tokens, {@link #tokenIds} of a BERT-style tokenizer goes through a {@link WordIdsCache}.
 */
public final class TextTokenizer implements AutoCloseable {

    public static final String FILE = "tokenizer.json";
    /** The maximum length that means "never truncate". */
    public static final int NO_TRUNCATION = Integer.MAX_VALUE;

    private final HuggingFaceTokenizer tokenizer;
    private final Optional<WordIdsCache> wordCache;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, Optional<WordIdsCache> wordCache) {
        this.tokenizer = tokenizer;
        this.wordCache = wordCache;
    }

    /** Loads {@code folder/tokenizer.json} with special tokens, truncating to {@code maxLength} tokens. */
    public static TextTokenizer load(Path folder, int maxLength) throws IOException {
        return fromFile(folder.resolve(FILE), maxLength, true);
    }

    /**
     * Loads a {@code tokenizer.json} file.
     *
     * @param maxLength         tokens kept per text, {@link #NO_TRUNCATION} for all
     * @param addSpecialTokens  whether the post-processor's special tokens ({@code [CLS]}, {@code [SEP]}, ...) are added
     */
    public static TextTokenizer fromFile(Path file, int maxLength, boolean addSpecialTokens) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(file, "is missing; st4j needs the fast tokenizer file tokenizer.json "
                    + "(save the tokenizer once with transformers' AutoTokenizer to produce it)");
        }
        try {
            HuggingFaceTokenizer.Builder builder = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(addSpecialTokens)
                    .optPadding(false);
            if (maxLength == NO_TRUNCATION) {
                builder.optTruncation(false);
            } else {
                builder.optTruncation(true).optMaxLength(maxLength);
            }
            HuggingFaceTokenizer tokenizer = builder.build();
            Optional<WordIdsCache> wordCache = addSpecialTokens ? Optional.empty()
                    : WordIdsCache.forTokenizer(Json.read(file), maxLength);
            return new TextTokenizer(tokenizer, wordCache);
        } catch (RuntimeException e) {
            throw new ModelFormatException(file, "cannot be read by the tokenizers library: " + e.getMessage(), e);
        }
    }

    /** The token ids of each text, without padding. */
    public int[][] tokenIds(List<String> texts) {
        return wordCache.isPresent() ? wordCache.get().tokenIds(texts, this::tokenizerIds) : tokenizerIds(texts);
    }

    /** Whether {@link #tokenIds} goes through a {@link WordIdsCache}. */
    boolean cachesWords() {
        return wordCache.isPresent();
    }

    /** The token ids of each text from the tokenizers library. */
    int[][] tokenizerIds(List<String> texts) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int[][] ids = new int[encodings.length][];
        for (int i = 0; i < encodings.length; i++) {
            long[] row = encodings[i].getIds();
            ids[i] = new int[row.length];
            for (int t = 0; t < row.length; t++) {
                ids[i][t] = (int) row[t];
            }
        }
        return ids;
    }

    /** Tokenizes {@code texts} and pads every row with {@code padId} to the longest. */
    public TokenBatch encode(List<String> texts, int padId) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int length = 0;
        for (Encoding e : encodings) {
            length = Math.max(length, e.getIds().length);
        }
        int n = texts.size();
        int[] ids = new int[n * length];
        int[] mask = new int[n * length];
        int[] types = new int[n * length];
        java.util.Arrays.fill(ids, padId);
        for (int row = 0; row < n; row++) {
            long[] rowIds = encodings[row].getIds();
            long[] rowTypes = encodings[row].getTypeIds();
            for (int t = 0; t < rowIds.length; t++) {
                ids[row * length + t] = (int) rowIds[t];
                types[row * length + t] = (int) rowTypes[t];
                mask[row * length + t] = 1;
            }
        }
        return new TokenBatch(n, length, ids, mask, types);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
