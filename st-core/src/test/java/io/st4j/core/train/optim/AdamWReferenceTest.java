package io.st4j.core.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.testing.SharedData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The AdamW trace of {@code training_cases.json}: torch.optim.AdamW (lr 1e-3, weight decay 0.01 and 0.0) with
 * {@code clip_grad_norm_(1.0)} before each of 5 steps. Every value is compared to the bit.
 */
class AdamWReferenceTest {

    private static final List<String> NAMES = List.of("w", "b");

    @Test
    void clippedAdamWTraceEqualsTorchToTheBit() {
        JsonNode adamw = SharedData.referenceJson("training_cases.json").path("adamw");
        int runs = 0;
        int compared = 0;
        for (JsonNode run : adamw.path("runs")) {
            double weightDecay = run.path("weight_decay").asDouble();
            Map<String, INDArray> params = new LinkedHashMap<>();
            for (String name : NAMES) {
                params.put(name, array(adamw.path("params_initial").path(name)));
            }
            AdamW optimizer = new AdamW(List.of(new ParameterGroup(NAMES, 1e-3, weightDecay)));
            for (JsonNode step : run.path("steps")) {
                int k = step.path("step").asInt();
                String where = "weight_decay " + weightDecay + " step " + k;
                Map<String, INDArray> grads = new LinkedHashMap<>();
                for (String name : NAMES) {
                    grads.put(name, array(adamw.path("grads").get(k - 1).path(name)));
                }
                float total = GradientClipping.clipGradNorm(grads, 1.0);
                assertEquals((float) step.path("pre_clip_total_norm").asDouble(), total, 0f, where + " norm");
                optimizer.step(params, grads, 1.0);
                OptimizerState state = optimizer.state();
                for (String name : NAMES) {
                    compared += assertBitEqual(step.path("clipped_grads").path(name), grads.get(name),
                            where + " clipped grad " + name);
                    compared += assertBitEqual(step.path("exp_avg").path(name),
                            state.parameters().get(name).expAvg(), where + " exp_avg " + name);
                    compared += assertBitEqual(step.path("exp_avg_sq").path(name),
                            state.parameters().get(name).expAvgSq(), where + " exp_avg_sq " + name);
                    compared += assertBitEqual(step.path("params_after").path(name), params.get(name),
                            where + " param " + name);
                    assertEquals(k, state.parameters().get(name).step());
                }
            }
            runs++;
        }
        assertEquals(2, runs);
        System.out.printf("AdamW trace: %d runs, %d float values, all bit-identical to torch%n", runs, compared);
    }

    private static int assertBitEqual(JsonNode expected, INDArray actual, String where) {
        float[] want = flatten(expected);
        float[] got = actual.dup('c').data().asFloat();
        assertEquals(want.length, got.length, where);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 0f, where + " [" + i + "]");
        }
        return want.length;
    }

    static INDArray array(JsonNode node) {
        float[] values = flatten(node);
        long[] shape = node.get(0).isArray() ? new long[] {node.size(), node.get(0).size()} : new long[] {node.size()};
        return Nd4j.create(values, shape, 'c');
    }

    private static float[] flatten(JsonNode node) {
        List<JsonNode> leaves = new java.util.ArrayList<>();
        collect(node, leaves);
        float[] values = new float[leaves.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) leaves.get(i).asDouble();
        }
        return values;
    }

    private static void collect(JsonNode node, List<JsonNode> leaves) {
        if (node.isArray()) {
            node.forEach(child -> collect(child, leaves));
        } else {
            leaves.add(node);
        }
    }
}
