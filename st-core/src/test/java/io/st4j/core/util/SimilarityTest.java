package io.st4j.core.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.core.SimilarityFunction;
import org.junit.jupiter.api.Test;

/** Small cases worked out by hand. */
class SimilarityTest {

    private static final float[][] A = {{3, 4}, {0, 2}};
    private static final float[][] B = {{1, 0}, {0, 0}, {-3, -4}};

    @Test
    void matricesOfHandComputedScores() {
        assertArrayEquals(new float[] {0.6f, 0f, -1f}, Similarity.cosSim(A, B)[0], 1e-7f);
        assertArrayEquals(new float[] {0f, 0f, -0.8f}, Similarity.cosSim(A, B)[1], 1e-7f);
        assertArrayEquals(new float[] {3f, 0f, -25f}, Similarity.dotScore(A, B)[0], 0f);
        assertArrayEquals(new float[] {-(float) Math.sqrt(20), -5f, -10f}, Similarity.euclideanSim(A, B)[0], 1e-6f);
        assertArrayEquals(new float[] {-6f, -7f, -14f}, Similarity.manhattanSim(A, B)[0], 0f);
        assertArrayEquals(new float[] {-3f, -2f, -9f}, Similarity.manhattanSim(A, B)[1], 0f);
    }

    @Test
    void zeroRowHasCosineZeroAndStaysZeroWhenNormalized() {
        assertArrayEquals(new float[] {0f, 0f}, Similarity.normalizeEmbeddings(new float[][] {{0, 0}})[0], 0f);
        assertArrayEquals(new float[] {0.6f, 0.8f}, Similarity.normalizeEmbeddings(A)[0], 1e-7f);
    }

    @Test
    void pairwiseScoresPairRowIWithRowI() {
        float[][] b = {B[0], B[2]};
        assertArrayEquals(new float[] {0.6f, -0.8f}, Similarity.pairwiseCosSim(A, b), 1e-7f);
        assertArrayEquals(new float[] {3f, -8f}, Similarity.pairwiseDotScore(A, b), 0f);
        assertArrayEquals(new float[] {-(float) Math.sqrt(20), -(float) Math.sqrt(45)},
                Similarity.pairwiseEuclideanSim(A, b), 1e-6f);
        assertArrayEquals(new float[] {-6f, -9f}, Similarity.pairwiseManhattanSim(A, b), 0f);
    }

    @Test
    void angleOfHandComputedPairs() {
        // x = 2 + 0i, y = 1 + 0i: same angle, |sum| = 1. x = 1 + 0i, y = 1 + 1i: re and im cancel, 0.
        float[] angles = Similarity.pairwiseAngleSim(new float[][] {{2, 0}, {1, 0}}, new float[][] {{1, 0}, {1, 1}});
        assertArrayEquals(new float[] {1f, 0f}, angles, 1e-7f);
    }

    @Test
    void angleRejectsOddDimensionAndZeroRows() {
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                () -> Similarity.pairwiseAngleSim(new float[][] {{1, 2, 3}}, new float[][] {{1, 2, 3}}));
        assertTrue(odd.getMessage().contains("even dimension"), odd.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> Similarity.pairwiseAngleSim(new float[][] {{1, 2}}, new float[][] {{0, 0}}));
        assertTrue(zero.getMessage().contains("row 0 of y"), zero.getMessage());
    }

    @Test
    void emptyInputsGiveEmptyResults() {
        assertEquals(0, Similarity.cosSim(new float[0][], B).length);
        assertEquals(0, Similarity.dotScore(A, new float[0][])[0].length);
        assertEquals(0, Similarity.pairwiseCosSim(new float[0][], new float[0][]).length);
    }

    @Test
    void badShapesAreNamed() {
        IllegalArgumentException dims = assertThrows(IllegalArgumentException.class,
                () -> Similarity.cosSim(A, new float[][] {{1, 2, 3}}));
        assertEquals("a has dimension 2 but b has 3", dims.getMessage());
        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                () -> Similarity.dotScore(new float[][] {{1, 2}, {1}}, A));
        assertEquals("a[1] has 1 values but a[0] has 2", ragged.getMessage());
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> Similarity.pairwiseDotScore(A, B));
        assertTrue(rows.getMessage().contains("2 vs 3"), rows.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Similarity.cosSim(A, new float[][] {{1, Float.NaN}}));
        assertEquals("b[0][1] is NaN", nan.getMessage());
    }

    @Test
    void similarityFunctionUsesTheSameArithmetic() {
        assertArrayEquals(Similarity.cosSim(A, B), SimilarityFunction.COSINE.matrix(A, B));
        assertArrayEquals(Similarity.manhattanSim(A, B), SimilarityFunction.MANHATTAN.matrix(A, B));
        assertArrayEquals(Similarity.pairwiseEuclideanSim(A, new float[][] {B[0], B[2]}),
                SimilarityFunction.EUCLIDEAN.pairwise(A, new float[][] {B[0], B[2]}));
        assertEquals(-25f, SimilarityFunction.DOT.score(A[0], B[2]));
        assertEquals(-1f, SimilarityFunction.COSINE.score(A[0], B[2]), 1e-7f);
    }
}
