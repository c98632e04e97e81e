package io.st4j.core.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vectorizable softmax and the exp it shares against double precision. */
class EncoderKernelsTest {

    @Test
    void softmaxIsWithinFloatRoundingOfDoublePrecision() {
        Random random = new Random(5);
        for (int n : new int[] {1, 7, 23, 107, 256}) {
            float[] row = new float[n];
            for (int j = 0; j < n; j++) {
                row[j] = 40 * random.nextFloat() - 20;
            }
            row[0] = -200f; // far below the others: its exponential underflows to 0
            double max = Double.NEGATIVE_INFINITY;
            for (float value : row) {
                max = Math.max(max, value);
            }
            double total = 0;
            for (float value : row) {
                total += Math.exp(value - max);
            }
            float[] softmax = row.clone();
            EncoderKernels.softmax(softmax, n, new float[n]);
            double worst = 0; // relative error over its bound: exp's 2e-7, the normalization's, and the rounding of
            // the float argument x - max (half an ulp, relative 6e-8, becomes an absolute error of the exponent)
            for (int j = 1; j < n; j++) {
                double exact = Math.exp(row[j] - max) / total;
                if (exact > 1e-30) {
                    double bound = 4e-7 + 6e-8 * Math.abs(row[j] - max);
                    worst = Math.max(worst, Math.abs(softmax[j] - exact) / exact / bound);
                }
            }
            assertEquals(n == 1 ? 1f : 0f, softmax[0], "underflow at length " + n);
            assertTrue(worst <= 1, "length " + n + ": max relative error " + worst + " of its bound");
        }
    }

    @Test
    void expIsZeroFromMinus88AndExactAtZero() {
        assertEquals(0f, EncoderKernels.exp(-88f));
        assertEquals(0f, EncoderKernels.exp(Float.NEGATIVE_INFINITY));
        assertEquals(0f, EncoderKernels.exp(-1e9f), "beyond the rounding range");
        assertTrue(Float.isNaN(EncoderKernels.exp(Float.NaN)), "NaN stays NaN");
        assertEquals(1f, EncoderKernels.exp(0f));
        assertTrue(EncoderKernels.exp(-87f) > 0f);
    }
}
