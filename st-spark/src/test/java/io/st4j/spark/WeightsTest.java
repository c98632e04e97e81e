package io.st4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class WeightsTest {

    @Test
    void sumAddsByNameAndKeepsNamesOfEither() {
        Weights a = new Weights(1, Map.of("x", new float[] {1, 2}, "y", new float[] {5}));
        Weights b = new Weights(1, Map.of("x", new float[] {10, 20}, "z", new float[] {7}));
        Weights sum = Weights.sum(a, b);
        assertArrayEquals(new float[] {11, 22}, sum.values().get("x"));
        assertArrayEquals(new float[] {5}, sum.values().get("y"));
        assertArrayEquals(new float[] {7}, sum.values().get("z"));
        assertArrayEquals(new float[] {1, 2}, a.values().get("x"), "the inputs stay as they were");
    }

    @Test
    void roundTripsThroughArraysOfTheirShapes() {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("w", Nd4j.create(new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, 'c'));
        Weights weights = Weights.of(3, arrays);
        Map<String, INDArray> target = Map.of("w", Nd4j.zeros(DataType.FLOAT, 2, 3));
        weights.assignTo(target);
        assertArrayEquals(arrays.get("w").toFloatMatrix(), target.get("w").toFloatMatrix());
        assertArrayEquals(arrays.get("w").toFloatMatrix(), weights.toArrays(arrays).get("w").toFloatMatrix());
    }

    @Test
    void assigningToAnotherModelFailsNamingTheParameter() {
        Weights weights = new Weights(0, Map.of("w", new float[] {1, 2}));
        Map<String, INDArray> other = Map.of("v", Nd4j.zeros(DataType.FLOAT, 2));
        assertTrue(assertThrows(IllegalStateException.class, () -> weights.assignTo(other)).getMessage()
                .contains("parameter 'v'"));
    }
}
