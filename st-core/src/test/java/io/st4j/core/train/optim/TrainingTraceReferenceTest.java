package io.st4j.core.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.testing.SharedData;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

/** The optimizer-side numbers of the end-to-end MNRL run in {@code training_cases.json} ({@code train_mnrl}). */
class TrainingTraceReferenceTest {

    @Test
    void linearWarmupScheduleGivesTheRateOfEveryLoggedStep() {
        JsonNode steps = SharedData.referenceJson("training_cases.json").path("train_mnrl").path("steps");
        LearningRateSchedule schedule = new LearningRateSchedule(SchedulerType.LINEAR, 2, 8);
        assertEquals(8, steps.size());
        for (JsonNode step : steps) {
            int k = step.path("step").asInt();
            assertEquals(step.path("lr").asDouble(), schedule.learningRate(1e-3, k), 0.0, "update " + k);
        }
    }

    /**
     * The total norm from the 37 per-parameter norms of step 0: enough values for torch's 8-lane vector loop
     * (4 blocks + 5 leftovers), where fused and unfused accumulation give different float32 results.
     */
    @Test
    void normOfThePerParameterNormsEqualsTorchsTotal() {
        JsonNode step0 = SharedData.referenceJson("training_cases.json").path("train_mnrl").path("steps").get(0);
        JsonNode perParameter = step0.path("grad_norm_per_param_before_clip");
        assertTrue(perParameter.size() > 16, "needs several 8-lane blocks");
        float[] norms = new float[perParameter.size()];
        int i = 0;
        for (JsonNode norm : perParameter) {
            norms[i++] = (float) norm.asDouble();
        }
        assertEquals((float) step0.path("grad_norm_before_clip").asDouble(),
                GradientClipping.norm(FloatBuffer.wrap(norms)), 0f);
    }
}
