package io.st4j.core.modules;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.st4j.core.io.ModelFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Hugging Face fast tokenizer ({@code tokenizer.json}, run by the Rust tokenizers library through DJL)
 * with special tokens added, truncation to a maximum length and no padding of its own.
 */
public final class TextTokenizer implements AutoCloseable {

    public static final String FILE = "tokenizer.json";

    private final HuggingFaceTokenizer tokenizer;

    private TextTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Loads {@code folder/tokenizer.json}, truncating to {@code maxLength} tokens. */
    public static TextTokenizer load(Path folder, int maxLength) throws IOException {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(file, "is missing; st4j needs the fast tokenizer file tokenizer.json "
                    + "(save the tokenizer once with transformers' AutoTokenizer to produce it)");
        }
        try {
            HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(true)
                    .optTruncation(true)
                    .optMaxLength(maxLength)
                    .optPadding(false)
                    .build();
            return new TextTokenizer(hf);
        } catch (RuntimeException e) {
            throw new ModelFormatException(file, "cannot be read by the tokenizers library: " + e.getMessage(), e);
        }
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
