package io.st4j.evaluation;

import io.st4j.core.EncodeOptions;
import io.st4j.core.SentenceEncoder;
import io.st4j.core.SimilarityFunction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A model that returns fixed embeddings per text (truncated when asked), and records the options it was given. */
class LookupEncoder implements SentenceEncoder {

    private final Map<String, float[]> table;
    private final SimilarityFunction similarity;
    final List<EncodeOptions> calls = new ArrayList<>();
    final List<List<String>> texts = new ArrayList<>();

    LookupEncoder(Map<String, float[]> table) {
        this(table, SimilarityFunction.COSINE);
    }

    LookupEncoder(Map<String, float[]> table, SimilarityFunction similarity) {
        this.table = table;
        this.similarity = similarity;
    }

    @Override
    public float[][] encode(List<String> input, EncodeOptions options) {
        calls.add(options);
        texts.add(List.copyOf(input));
        float[][] out = new float[input.size()][];
        for (int i = 0; i < input.size(); i++) {
            String text = (options.prompt() == null ? "" : options.prompt()) + input.get(i);
            float[] embedding = table.get(text);
            if (embedding == null) {
                throw new IllegalArgumentException("no embedding for text '" + text + "'");
            }
            out[i] = options.truncateDim() == null ? embedding.clone() : Arrays.copyOf(embedding, options.truncateDim());
        }
        return out;
    }

    @Override
    public SimilarityFunction similarityFunction() {
        return similarity;
    }
}
