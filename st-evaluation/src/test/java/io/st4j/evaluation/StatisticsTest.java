package io.st4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StatisticsTest {

    private static final double[] X = {1, 2, 2, 3, 5, 5, 5};
    private static final double[] Y = {0.3, 0.1, 0.9, 0.9, 0.2, 0.8, 0.4};

    @Test
    void spearmanUsesAverageRanksForTies() {
        // numpy corrcoef of the average ranks [1, 2.5, 2.5, 4, 6, 6, 6] and [3, 1, 6.5, 6.5, 2, 5, 4].
        assertEquals(0.06608480480431908, Statistics.spearman(X, Y, "test"), 1e-15);
    }

    @Test
    void pearsonEqualsNumpy() {
        assertEquals(0.04878210003655786, Statistics.pearson(X, Y, "test"), 1e-15);
    }

    @Test
    void averagePrecisionTreatsTiedScoresAsOneThreshold() {
        // All tied: one threshold with precision 2/3 at recall 1. Ranking the ties one by one would give 1.0.
        assertEquals(2.0 / 3, Statistics.averagePrecision(new int[] {1, 1, 0}, new double[] {0.5, 0.5, 0.5}), 1e-15);
        // Distinct scores: relevant at ranks 1 and 3 -> (1 + 2/3) / 2.
        assertEquals(5.0 / 6, Statistics.averagePrecision(new int[] {1, 0, 1}, new double[] {0.9, 0.5, 0.1}), 1e-15);
    }

    @Test
    void ndcgAveragesGainsOverTies() {
        // Two tied documents, one relevant: half the gain at each of the first two positions.
        double expected = 0.5 * (1 + 1 / (Math.log(3) / Math.log(2)));
        assertEquals(expected, Statistics.ndcg(new int[] {1, 0}, new double[] {0.5, 0.5}, 10), 1e-15);
        // The relevant document second, k = 1: nothing relevant in the top 1.
        assertEquals(0.0, Statistics.ndcg(new int[] {1, 0}, new double[] {0.1, 0.5}, 1), 1e-15);
        assertEquals(1 / (Math.log(3) / Math.log(2)), Statistics.ndcg(new int[] {1, 0}, new double[] {0.1, 0.5}, 10), 1e-15);
    }

    @Test
    void matthewsCorrelation() {
        // tp 2, tn 1, fp 1, fn 0: (2*1 - 1*0) / sqrt(3 * 2 * 2 * 1)
        double expected = 2 / Math.sqrt(12);
        assertEquals(expected, Statistics.matthews(new int[] {1, 1, 0, 0}, new boolean[] {true, true, true, false}), 1e-15);
        assertEquals(0.0, Statistics.matthews(new int[] {1, 0}, new boolean[] {true, true}), 0.0);
    }

    @Test
    void constantInputsAreExplainedNotNaN() {
        IllegalArgumentException gold = assertThrows(IllegalArgumentException.class,
                () -> Statistics.pearson(new double[] {1, 1, 1}, new double[] {1, 2, 3}, "cosine"));
        assertEquals("all gold scores are equal (1.0): the correlation is undefined", gold.getMessage());
        IllegalStateException model = assertThrows(IllegalStateException.class,
                () -> Statistics.spearman(new double[] {1, 2, 3}, new double[] {0.5, 0.5, 0.5}, "cosine"));
        assertEquals("the model gives every pair the same cosine score (0.5): the correlation is undefined", model.getMessage());
    }
}
