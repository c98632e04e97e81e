package io.st4j.core.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GradientClippingTest {

    @Test
    void scalesEveryGradientByMaxNormOverTotalNorm() {
        Map<String, INDArray> grads = new LinkedHashMap<>();
        grads.put("a", Nd4j.createFromArray(3f, 4f));
        grads.put("b", Nd4j.createFromArray(new float[][] {{12f}}));
        float total = GradientClipping.clipGradNorm(grads, 2.0);
        assertEquals(13f, total, 0f);
        float coef = 2f * (1f / (13f + 1e-6f));
        assertArrayEquals(new float[] {3f * coef, 4f * coef}, grads.get("a").data().asFloat(), 0f);
        assertEquals(12f * coef, grads.get("b").getFloat(0, 0), 0f);
        assertEquals(2.0, GradientClipping.clipGradNorm(grads, 2.0), 1e-5); // now at the limit
    }

    @Test
    void leavesSmallGradientsAlone() {
        Map<String, INDArray> grads = Map.of("a", Nd4j.createFromArray(0.3f, -0.4f));
        assertEquals(0.5f, GradientClipping.clipGradNorm(grads, 1.0), 1e-7f);
        assertArrayEquals(new float[] {0.3f, -0.4f}, grads.get("a").data().asFloat(), 0f);
    }

    @Test
    void totalNormOfLargeTensorsAgreesWithDoubleArithmetic() {
        Random random = new Random(7);
        Map<String, INDArray> grads = new LinkedHashMap<>();
        double sumOfSquares = 0;
        for (int t = 0; t < 5; t++) {
            float[] values = new float[t == 2 ? 10_003 : 1000 + 37 * t];   // one spans several copy chunks
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextGaussian();
                sumOfSquares += (double) values[i] * values[i];
            }
            grads.put("t" + t, Nd4j.createFromArray(values));
        }
        double expected = Math.sqrt(sumOfSquares);
        float total = GradientClipping.clipGradNorm(grads, 1.0);
        assertEquals(expected, total, expected * 1e-6);
        double after = 0;
        for (INDArray g : grads.values()) {
            for (float x : g.data().asFloat()) {
                after += (double) x * x;
            }
        }
        assertEquals(1.0, Math.sqrt(after), 1e-5);
    }

    @Test
    void clipsARowViewInPlace() {
        INDArray matrix = Nd4j.createFromArray(new float[][] {{1f, 1f}, {30f, 40f}, {5f, 5f}});
        INDArray row = matrix.getRow(1);
        assertEquals(50f, GradientClipping.clipGradNorm(Map.of("row", row), 5.0), 0f);
        assertEquals(3f, matrix.getFloat(1, 0), 1e-5f);
        assertEquals(4f, matrix.getFloat(1, 1), 1e-5f);
        assertEquals(1f, matrix.getFloat(0, 0), 0f);
        assertEquals(5f, matrix.getFloat(2, 1), 0f);
    }

    @Test
    void nonFiniteGradientIsReportedByNameAndNothingIsScaled() {
        Map<String, INDArray> grads = new LinkedHashMap<>();
        grads.put("good", Nd4j.createFromArray(30f, 40f));
        grads.put("encoder.bad", Nd4j.createFromArray(1f, Float.NaN));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GradientClipping.clipGradNorm(grads, 1.0));
        assertTrue(e.getMessage().contains("encoder.bad"), e.getMessage());
        assertArrayEquals(new float[] {30f, 40f}, grads.get("good").data().asFloat(), 0f);
    }

    @Test
    void rejectsBadArguments() {
        Map<String, INDArray> grads = Map.of("d", Nd4j.createFromArray(1.0, 2.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradientClipping.clipGradNorm(grads, 1.0));
        assertTrue(e.getMessage().contains("'d'") && e.getMessage().contains("DOUBLE"), e.getMessage());
        INDArray transposed = Nd4j.createFromArray(new float[][] {{1f, 2f}, {3f, 4f}}).transpose();
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipGradNorm(Map.of("t", transposed), 1));
        assertThrows(IllegalArgumentException.class,
                () -> GradientClipping.clipGradNorm(Map.of("a", Nd4j.createFromArray(1f)), -1));
        assertEquals(0f, GradientClipping.clipGradNorm(Map.of(), 1.0), 0f);
    }
}
