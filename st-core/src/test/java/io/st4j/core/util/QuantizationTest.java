package io.st4j.core.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.core.Precision;
import org.junit.jupiter.api.Test;

class QuantizationTest {

    /** Ranges 0..255 make the step exactly 1, so each bucket is the truncated value. */
    private static final float[][] RANGES = {{0, 0}, {255, 255}};

    private static int[] row(QuantizedEmbeddings q, int r) {
        int[] out = new int[q.columns()];
        for (int c = 0; c < out.length; c++) {
            out[c] = q.get(r, c);
        }
        return out;
    }

    @Test
    void uint8TruncatesAndInt8TruncatesTowardZeroAfterSubtracting128() {
        float[][] e = {{0.5f, 254.9f}, {200.7f, 255f}};
        QuantizedEmbeddings u = Quantization.quantizeEmbeddings(e, Precision.UINT8, RANGES, null);
        assertArrayEquals(new int[] {0, 254}, row(u, 0));
        assertArrayEquals(new int[] {200, 255}, row(u, 1));
        QuantizedEmbeddings s = Quantization.quantizeEmbeddings(e, Precision.INT8, RANGES, null);
        // 0.5 - 128 = -127.5 -> -127 (not 0 - 128); 254.9 - 128 = 126.9 -> 126.
        assertArrayEquals(new int[] {-127, 126}, row(s, 0));
        assertArrayEquals(new int[] {72, 127}, row(s, 1));
    }

    @Test
    void valuesOutsideTheRangesSaturate() {
        float[][] e = {{-10f, 1000f}};
        QuantizedEmbeddings u = Quantization.quantizeEmbeddings(e, Precision.UINT8, RANGES, null);
        assertArrayEquals(new int[] {0, 255}, row(u, 0));
        QuantizedEmbeddings s = Quantization.quantizeEmbeddings(e, Precision.INT8, RANGES, null);
        assertArrayEquals(new int[] {-128, 127}, row(s, 0));
    }

    @Test
    void rangesComeFromCalibrationThenFromTheEmbeddings() {
        float[][] e = {{1f, 5f}, {3f, 5f}};
        // Own ranges: dim 0 spans 1..3, step 2/255 = 0.007843138f, and in float32 2 / step = 254.99998, so the
        // maximum lands in bucket 254 (numpy gives the same); dim 1 is constant, so its step is 1.
        QuantizedEmbeddings own = Quantization.quantizeEmbeddings(e, Precision.UINT8);
        assertArrayEquals(new int[] {0, 0}, row(own, 0));
        assertArrayEquals(new int[] {254, 0}, row(own, 1));
        QuantizedEmbeddings calibrated = Quantization.quantizeEmbeddings(e, Precision.UINT8, null,
                new float[][] {{0f, 0f}, {255f, 255f}});
        assertArrayEquals(new int[] {1, 5}, row(calibrated, 0));
        assertArrayEquals(new float[][] {{0f, 0f}, {255f, 255f}},
                Quantization.ranges(new float[][] {{0f, 255f}, {255f, 0f}}));
    }

    @Test
    void binaryPacksSignBitsFirstDimensionHighestPaddingZero() {
        // 10 dims: bits 1011000001 -> bytes 10110000 = 176, 01000000 = 64.
        float[][] e = {{1, -1, 2, 3, 0, -2, -1, -1, -5, 0.5f}};
        QuantizedEmbeddings u = Quantization.quantizeEmbeddings(e, Precision.UBINARY);
        assertEquals(2, u.columns());
        assertArrayEquals(new int[] {176, 64}, row(u, 0));
        QuantizedEmbeddings b = Quantization.quantizeEmbeddings(e, Precision.BINARY);
        assertArrayEquals(new int[] {176 - 128, 64 - 128}, row(b, 0));
        float[] bits = {1, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0};
        assertArrayEquals(bits, u.toEvaluationFloats()[0]);
        assertArrayEquals(bits, b.toEvaluationFloats()[0]);
        assertArrayEquals(new float[] {48, -64}, b.toFloats()[0]);
    }

    @Test
    void float32KeepsTheValuesAndHasNoBytes() {
        float[][] e = {{0.25f, -1.5f}};
        QuantizedEmbeddings f = Quantization.quantizeEmbeddings(e, Precision.FLOAT32);
        e[0][0] = 9f;
        assertArrayEquals(new float[] {0.25f, -1.5f}, f.toFloats()[0]);
        assertThrows(IllegalStateException.class, f::bytes);
    }

    @Test
    void emptyEmbeddingsGiveAnEmptyResult() {
        assertEquals(0, Quantization.quantizeEmbeddings(new float[0][], Precision.INT8).rows());
        assertEquals(0, Quantization.quantizeEmbeddings(new float[0][], Precision.BINARY).rows());
    }

    @Test
    void badArgumentsAreNamed() {
        float[][] e = {{1f, 2f}};
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> Quantization.quantizeEmbeddings(e, Precision.INT8, new float[][] {{0, 0, 0}, {1, 1, 1}}, null));
        assertTrue(shape.getMessage().startsWith("ranges must have shape (2, 2)"), shape.getMessage());
        assertTrue(shape.getMessage().endsWith("got (2, 3)"), shape.getMessage());
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> Quantization.quantizeEmbeddings(e, Precision.INT8, new float[][] {{0, 0}}, null));
        assertTrue(rows.getMessage().endsWith("got (1, 2)"), rows.getMessage());
        IllegalArgumentException calibration = assertThrows(IllegalArgumentException.class,
                () -> Quantization.quantizeEmbeddings(e, Precision.UINT8, null, new float[][] {{1f}}));
        assertEquals("calibrationEmbeddings has dimension 1 but embeddings has 2", calibration.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Quantization.quantizeEmbeddings(new float[][] {{1f, Float.POSITIVE_INFINITY}},
                        Precision.UBINARY));
        assertEquals("embeddings[0][1] is Infinity", nan.getMessage());
    }
}
