package io.st4j.core.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdamWTest {

    @Test
    void firstStepDecaysThenMovesEachWeightByTheLearningRateAgainstItsGradient() {
        float[] p0 = {0.5f, -1.25f, 2f};
        float[] g = {0.3f, -2f, 1e-3f};
        INDArray p = Nd4j.createFromArray(p0.clone());
        double lr = 0.01;
        double wd = 0.1;
        new AdamW(List.of(new ParameterGroup(List.of("p"), lr, wd)))
                .step(Map.of("p", p), Map.of("p", Nd4j.createFromArray(g)), 1.0);
        for (int i = 0; i < p0.length; i++) {
            // t = 1: m^ = g, v^ = g^2, so the Adam step is lr * g / (|g| + eps)
            double expected = p0[i] * (1 - lr * wd) - lr * g[i] / (Math.abs(g[i]) + 1e-8);
            assertEquals(expected, p.getFloat(i), 1e-6, "element " + i);
        }
    }

    @Test
    void everyElementOfALargeParameterIsUpdated() {
        int n = 10_001;                                   // several copy chunks and a partial one
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = (i % 3 == 0 ? -1f : 1f) * (1 + i % 7);
        }
        INDArray p = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, n);
        new AdamW(List.of(new ParameterGroup(List.of("p"), 1e-3, 0)))
                .step(Map.of("p", p), Map.of("p", Nd4j.createFromArray(g)), 1.0);
        float[] after = p.data().asFloat();
        for (int i = 0; i < n; i++) {
            assertEquals(-1e-3 * Math.signum(g[i]), after[i], 1e-9, "element " + i);
        }
    }

    @Test
    void groupRatesAreScaledByTheScheduleFactor() {
        INDArray a = Nd4j.createFromArray(1f, 1f);
        INDArray b = Nd4j.createFromArray(1f, 1f);
        AdamW adamW = new AdamW(List.of(
                new ParameterGroup(List.of("a"), 1e-2, 0), new ParameterGroup(List.of("b"), 1e-3, 0)));
        adamW.step(Map.of("a", a, "b", b),
                Map.of("a", Nd4j.createFromArray(1f, -1f), "b", Nd4j.createFromArray(1f, -1f)), 0.5);
        assertEquals(1 - 0.5e-2, a.getFloat(0), 1e-6);
        assertEquals(1 + 0.5e-2, a.getFloat(1), 1e-6);
        assertEquals(1 - 0.5e-3, b.getFloat(0), 1e-6);
    }

    @Test
    void aParameterWithoutGradientIsSkippedAndRateZeroStillAdvancesTheMoments() {
        INDArray a = Nd4j.createFromArray(1f, 2f);
        INDArray b = Nd4j.createFromArray(3f, 4f);
        AdamW adamW = new AdamW(List.of(new ParameterGroup(List.of("a", "b"), 1e-3, 0.5)));
        adamW.step(Map.of("a", a, "b", b), Map.of("a", Nd4j.createFromArray(0.2f, 0.2f)), 0.0);
        assertArrayEquals(new float[] {1f, 2f}, a.data().asFloat(), 0f);   // lr 0: no decay, no move
        assertArrayEquals(new float[] {3f, 4f}, b.data().asFloat(), 0f);
        OptimizerState state = adamW.state();
        assertEquals(1, state.parameters().get("a").step());
        assertEquals(0.1f * 0.2f, state.parameters().get("a").expAvg().getFloat(0), 0f);  // (1 - beta1) * g
        assertFalse(state.parameters().containsKey("b"));
    }

    @Test
    void updatesARowViewInPlaceWithoutTouchingTheRestOfTheMatrix() {
        INDArray matrix = Nd4j.createFromArray(new float[][] {{1f, 1f}, {2f, 2f}, {3f, 3f}});
        INDArray row = matrix.getRow(1);
        new AdamW(List.of(new ParameterGroup(List.of("row"), 0.1, 0)))
                .step(Map.of("row", row), Map.of("row", Nd4j.createFromArray(1f, -1f)), 1.0);
        assertEquals(1.9f, matrix.getFloat(1, 0), 1e-6f);
        assertEquals(2.1f, matrix.getFloat(1, 1), 1e-6f);
        assertArrayEquals(new float[] {1f, 1f, 3f, 3f},
                new float[] {matrix.getFloat(0, 0), matrix.getFloat(0, 1), matrix.getFloat(2, 0),
                        matrix.getFloat(2, 1)}, 0f);
    }

    @Test
    void resumingFromASavedStateContinuesExactlyAsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        List<ParameterGroup> groups = List.of(new ParameterGroup(List.of("w", "b"), 1e-2, 0.01));
        Random random = new Random(3);
        List<Map<String, float[]>> gradients = new java.util.ArrayList<>();
        for (int s = 0; s < 6; s++) {
            gradients.add(Map.of("w", gaussian(random, 12), "b", gaussian(random, 4)));
        }
        Map<String, INDArray> straight = params();
        AdamW uninterrupted = new AdamW(groups);
        for (int s = 0; s < 6; s++) {
            uninterrupted.step(straight, arrays(gradients.get(s)), 1.0 - s / 10.0);
        }

        Map<String, INDArray> resumed = params();
        AdamW first = new AdamW(groups);
        for (int s = 0; s < 3; s++) {
            first.step(resumed, arrays(gradients.get(s)), 1.0 - s / 10.0);
        }
        Path file = dir.resolve("optimizer.safetensors");
        OptimizerStateFile.write(first.state(), file);
        AdamW second = new AdamW(groups);
        second.loadState(OptimizerStateFile.read(file));
        for (int s = 3; s < 6; s++) {
            second.step(resumed, arrays(gradients.get(s)), 1.0 - s / 10.0);
        }
        for (String name : List.of("w", "b")) {
            assertArrayEquals(straight.get(name).data().asFloat(), resumed.get(name).data().asFloat(), 0f, name);
        }
        assertEquals(6, second.state().parameters().get("w").step());
    }

    @Test
    void stateIsACopy() {
        INDArray p = Nd4j.createFromArray(1f);
        AdamW adamW = new AdamW(List.of(new ParameterGroup(List.of("p"), 1e-3, 0)));
        adamW.step(Map.of("p", p), Map.of("p", Nd4j.createFromArray(1f)), 1.0);
        OptimizerState snapshot = adamW.state();
        float before = snapshot.parameters().get("p").expAvg().getFloat(0);
        adamW.step(Map.of("p", p), Map.of("p", Nd4j.createFromArray(1f)), 1.0);
        assertEquals(before, snapshot.parameters().get("p").expAvg().getFloat(0), 0f);
    }

    @Test
    void badInputIsExplained() {
        assertThrows(IllegalArgumentException.class, () -> new AdamW(List.of(
                new ParameterGroup(List.of("a"), 1e-3, 0), new ParameterGroup(List.of("a"), 1e-3, 0))));
        assertThrows(IllegalArgumentException.class,
                () -> new AdamW(List.of(new ParameterGroup(List.of("a"), 1e-3, 0)), 1.0, 0.999, 1e-8));
        AdamW adamW = new AdamW(List.of(new ParameterGroup(List.of("a"), 1e-3, 0)));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> adamW.step(
                Map.of("a", Nd4j.createFromArray(1f, 2f)), Map.of("a", Nd4j.createFromArray(1f, 2f, 3f)), 1.0));
        assertTrue(shape.getMessage().contains("'a'") && shape.getMessage().contains("[3]"), shape.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> adamW.step(Map.of(), Map.of("a", Nd4j.createFromArray(1f)), 1.0));
        assertTrue(missing.getMessage().contains("'a'"), missing.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> adamW.step(Map.of("a", Nd4j.createFromArray(1.0)), Map.of("a", Nd4j.createFromArray(1.0)), 1));
        assertTrue(type.getMessage().contains("FLOAT"), type.getMessage());
        assertThrows(IllegalArgumentException.class, () -> adamW.step(Map.of(), Map.of(), Double.NaN));
        OptimizerState stray = new OptimizerState(Map.of("zzz", new OptimizerState.ParameterState(1,
                Nd4j.createFromArray(0f), Nd4j.createFromArray(0f))));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> adamW.loadState(stray));
        assertTrue(unknown.getMessage().contains("'zzz'"), unknown.getMessage());
    }

    private static Map<String, INDArray> params() {
        Map<String, INDArray> params = new LinkedHashMap<>();
        params.put("w", Nd4j.linspace(-1, 1, 12, org.nd4j.linalg.api.buffer.DataType.FLOAT).reshape(3, 4));
        params.put("b", Nd4j.createFromArray(0.1f, 0.2f, 0.3f, 0.4f));
        return params;
    }

    private static Map<String, INDArray> arrays(Map<String, float[]> gradients) {
        return Map.of("w", Nd4j.createFromArray(gradients.get("w")).reshape(3, 4),
                "b", Nd4j.createFromArray(gradients.get("b")));
    }

    private static float[] gaussian(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
