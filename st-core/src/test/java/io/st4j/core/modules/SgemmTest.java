package io.st4j.core.modules;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** oneDNN's products against a double-precision loop, for every layout the encoder uses and strides wider than rows. */
class SgemmTest {

    @ParameterizedTest
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void equalsTheProductInDoublePrecision(boolean transposeA, boolean transposeB) {
        int m = 13;
        int n = 37;
        int k = 70;
        // stored shapes: A is [m, k] or, transposed, [k, m]; B is [k, n] or [n, k]; each row padded by 3 floats
        int lda = (transposeA ? m : k) + 3;
        int ldb = (transposeB ? k : n) + 3;
        int ldc = n + 3;
        Random random = new Random(5);
        float[] a = random(random, (transposeA ? k : m) * lda);
        float[] b = random(random, (transposeB ? n : k) * ldb);
        float[] c = random(random, m * ldc);
        float alpha = 0.7f;
        float beta = 0.5f;
        FloatPointer cp = new FloatPointer(c);
        Sgemm.multiply(transposeA, transposeB, m, n, k, alpha, new FloatPointer(a), lda, new FloatPointer(b), ldb, beta,
                cp, ldc);
        float[] out = new float[c.length];
        cp.get(out);
        double worst = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int p = 0; p < k; p++) {
                    double x = transposeA ? a[p * lda + i] : a[i * lda + p];
                    double y = transposeB ? b[j * ldb + p] : b[p * ldb + j];
                    dot += x * y;
                }
                worst = Math.max(worst, Math.abs(out[i * ldc + j] - (alpha * dot + beta * c[i * ldc + j])));
            }
            for (int j = n; j < ldc; j++) {
                assertTrue(out[i * ldc + j] == c[i * ldc + j], "the stride's padding is left as it was");
            }
        }
        assertTrue(worst < 1e-5, "max |diff| " + worst);
    }

    @Test
    void aStrideShorterThanItsRowIsRefusedWithTheShapes() {
        FloatPointer buffer = new FloatPointer(64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sgemm.multiply(false, false, 4, 4, 4, 1f, buffer, 2, buffer, 4, 0f, buffer, 4));
        assertTrue(e.getMessage().contains("[4, 4]") && e.getMessage().contains("stride 2"), e.getMessage());
    }

    private static float[] random(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextFloat() - 0.5f;
        }
        return values;
    }
}
