package io.st4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The comparison of the issue: within 1e-5 relative, or 1e-6 absolute near zero. */
final class Tolerance {

    private Tolerance() {
    }

    static double of(double expected) {
        return Math.max(1e-5 * Math.abs(expected), 1e-6);
    }

    static void assertClose(String what, double expected, double actual) {
        assertTrue(Math.abs(expected - actual) <= of(expected),
                what + ": expected " + expected + " but got " + actual + " (diff " + Math.abs(expected - actual) + ")");
    }

    static void assertArrayClose(String what, JsonNode expected, INDArray actual) {
        assertTrue(actual != null, what + ": no gradient computed");
        double[] want = Json.flatten(expected);
        double[] got = actual.castTo(DataType.DOUBLE).data().asDouble();
        assertEquals(want.length, got.length, what + ": size");
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < want.length; i++) {
            double excess = Math.abs(want[i] - got[i]) - of(want[i]);
            if (excess > worstExcess) {
                worstExcess = excess;
                worst = i;
            }
        }
        int at = worst;
        assertTrue(at < 0, () -> what + ": element " + at + " expected " + want[at] + " got " + got[at]);
    }
}
