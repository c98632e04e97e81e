package io.st4j.losses;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** MatryoshkaLoss on a batch of a single row (SameDiff M2.1's strided-slice gradient failed on it). */
class MatryoshkaBatchOfOneTest {

    private static final int D = 6;

    @Test
    void oneRowGivesTheFormulaValueAndGradients() {
        int[] dims = {6, 3};
        double[] weights = {1.0, 0.5};
        double[][][] x = FormulaCheck.inputs(21, 2, 1, D);
        double[] scores = {0.4};
        MatryoshkaLoss loss = new MatryoshkaLoss(new CosineSimilarityLoss(), dims, weights, -1);
        FormulaCheck.check("Matryoshka one row", x, (sd, v) -> loss.compute(sd, v,
                sd.constant(Nd4j.create(scores).castTo(DataType.FLOAT))), in -> {
                    double total = 0;
                    for (int i = 0; i < dims.length; i++) {
                        double c = FormulaCheck.cos(FormulaCheck.prefixNormalized(in[0][0], dims[i]),
                                FormulaCheck.prefixNormalized(in[1][0], dims[i]));
                        total += weights[i] * Math.pow(c - scores[0], 2);
                    }
                    return total;
                });
    }
}
