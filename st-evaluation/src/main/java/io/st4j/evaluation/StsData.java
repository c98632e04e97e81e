package io.st4j.evaluation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Sentence pairs with gold similarity scores, read from a TSV file with the columns {@code sentence1 sentence2 score}
 * and normalized to 0..1 by the declared scale (5 for STS Benchmark), as the sentence-transformers examples do.
 * A score outside 0..scale is rejected with the file and line.
 *
 * <p>{@code st4j evaluate sts} is {@code StsData.read(file, scale).evaluator().build().evaluate(model, null, -1, -1)}.
 */
public record StsData(List<String> sentences1, List<String> sentences2, List<Double> scores) {

    public StsData {
        sentences1 = List.copyOf(sentences1);
        sentences2 = List.copyOf(sentences2);
        scores = List.copyOf(scores);
    }

    public static StsData read(Path file, double scoreScale) {
        if (!(scoreScale > 0) || Double.isInfinite(scoreScale)) {
            throw new IllegalArgumentException("the score scale must be a positive number, got " + scoreScale);
        }
        TsvTable table = TsvTable.read(file, 3);
        for (String column : List.of("sentence1", "sentence2", "score")) {
            if (!table.header.contains(column)) {
                throw new IllegalArgumentException(file + " has no '" + column + "' column; its header is " + table.header);
            }
        }
        int s1 = table.header.indexOf("sentence1");
        int s2 = table.header.indexOf("sentence2");
        int sc = table.header.indexOf("score");
        List<String> sentences1 = new ArrayList<>();
        List<String> sentences2 = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (int r = 0; r < table.rows.size(); r++) {
            String[] row = table.rows.get(r);
            double score;
            try {
                score = Double.parseDouble(row[sc].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(table.where(r) + ": score '" + row[sc] + "' is not a number");
            }
            if (!(score >= 0 && score <= scoreScale)) {
                throw new IllegalArgumentException(table.where(r) + ": score " + row[sc] + " is outside the declared scale 0.."
                        + scoreScale);
            }
            sentences1.add(row[s1]);
            sentences2.add(row[s2]);
            scores.add(score / scoreScale);
        }
        if (scores.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no pairs");
        }
        return new StsData(sentences1, sentences2, scores);
    }

    /** An {@link EmbeddingSimilarityEvaluator} over these pairs, with sentence-transformers' defaults. */
    public EmbeddingSimilarityEvaluator.Builder evaluator() {
        return EmbeddingSimilarityEvaluator.builder(sentences1, sentences2, scores);
    }
}
