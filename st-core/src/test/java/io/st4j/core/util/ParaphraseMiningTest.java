package io.st4j.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParaphraseMiningTest {

    @Test
    void withoutLimitsEveryPairComesBackBestFirst() {
        Random r = new Random(3);
        float[][] e = new float[12][6];
        for (float[] row : e) {
            for (int k = 0; k < row.length; k++) {
                row[k] = (float) r.nextGaussian();
            }
        }
        // Independent: every pair i < j by its dot product in double, scores above -1, best first.
        List<List<Integer>> expected = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (int i = 0; i < e.length; i++) {
            for (int j = i + 1; j < e.length; j++) {
                double s = 0;
                for (int k = 0; k < 6; k++) {
                    s += (double) e[i][k] * e[j][k];
                }
                if (s > -1) {
                    expected.add(List.of(i, j));
                    scores.add(s);
                }
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int p = 0; p < expected.size(); p++) {
            order.add(p);
        }
        order.sort(Comparator.comparingDouble(p -> -scores.get(p)));
        List<ScoredPair> mined = ParaphraseMining.paraphraseMiningEmbeddings(e, ParaphraseMining.Options.builder()
                .topK(100).queryChunkSize(5).corpusChunkSize(7).scoreFunction(Similarity::dotScore).build());
        assertEquals(order.stream().map(expected::get).toList(),
                mined.stream().map(p -> List.of(p.i(), p.j())).toList());
        for (int p = 0; p < mined.size(); p++) {
            assertEquals(scores.get(order.get(p)), mined.get(p).score(), 1e-5);
        }
    }

    @Test
    void maxPairsBoundsTheQueue() {
        float[][] e = {{1, 0}, {0.9f, 0.1f}, {0.8f, 0.3f}, {0, 1}, {0.1f, 0.9f}};
        List<ScoredPair> mined = ParaphraseMining.paraphraseMiningEmbeddings(e,
                ParaphraseMining.Options.builder().maxPairs(4).build());
        // The queue keeps maxPairs - 1 = 3 entries, (i, j) and (j, i) of the best pair among them.
        assertTrue(mined.size() <= 3, mined.toString());
        assertEquals(List.of(0, 1), List.of(mined.get(0).i(), mined.get(0).j()));
    }

    @Test
    void scoresAtOrBelowMinusOneAreNeverKept() {
        float[][] e = {{1, 0}, {-2, 0}};
        assertEquals(List.of(), ParaphraseMining.paraphraseMiningEmbeddings(e,
                ParaphraseMining.Options.builder().scoreFunction(Similarity::dotScore).build()));
    }

    @Test
    void emptyAndSingleRowInputsHaveNoPairs() {
        assertEquals(List.of(), ParaphraseMining.paraphraseMiningEmbeddings(new float[0][]));
        assertEquals(List.of(), ParaphraseMining.paraphraseMiningEmbeddings(new float[][] {{1, 2}}));
    }
}
