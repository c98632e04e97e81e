package io.st4j.core.modules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vectorizable softmax (a row, a block of rows) and the exp it shares against double precision. */
class EncoderKernelsTest {

    @Test
    void aBlockOfRowsGetsEachRowsOwnSoftmax() {
        Random random = new Random(9);
        for (int n : new int[] {1, 5, 23, 107}) {
            int rows = 7;
            float[] block = new float[rows * n];
            for (int i = 0; i < block.length; i++) {
                block[i] = 30 * random.nextFloat() - 10 * (i / n); // rows at different offsets
            }
            float[] expected = block.clone();
            for (int r = 0; r < rows; r++) {
                float[] row = Arrays.copyOfRange(block, r * n, (r + 1) * n);
                EncoderKernels.softmax(row, n);
                System.arraycopy(row, 0, expected, r * n, n);
            }
            EncoderKernels.softmaxRows(block, rows, n, new float[rows * n], new float[rows * n]);
            assertArrayEquals(expected, block, "length " + n);
        }
    }

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
            EncoderKernels.softmax(softmax, n);
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
