package io.st4j.core.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.testing.SharedData;
import org.junit.jupiter.api.Test;

/** Every schedule of {@code training_cases.json} (transformers 4.47.1's own schedulers), step by step. */
class LearningRateScheduleReferenceTest {

    @Test
    void everyScheduleAndStepEqualsTransformers() {
        JsonNode schedules = SharedData.referenceJson("training_cases.json").path("schedules");
        double baseLr = schedules.path("base_lr").asDouble();
        long numTrainingSteps = schedules.path("num_training_steps").asLong();

        for (JsonNode warmup : schedules.path("warmup_cases")) {
            long computed = LearningRateSchedule.warmupSteps(warmup.path("warmup_steps").asLong(),
                    warmup.path("warmup_ratio").asDouble(), numTrainingSteps);
            assertEquals(warmup.path("num_warmup_steps").asLong(), computed, warmup.path("label").asText());
        }

        int cases = 0;
        int values = 0;
        double worst = 0;
        for (JsonNode c : schedules.path("cases")) {
            LearningRateSchedule schedule = new LearningRateSchedule(
                    SchedulerType.fromName(c.path("scheduler").asText()),
                    c.path("num_warmup_steps").asLong(), numTrainingSteps);
            JsonNode lrs = c.path("lr");
            JsonNode factors = c.path("factor");
            assertEquals(numTrainingSteps + 1, lrs.size());
            for (int k = 0; k < lrs.size(); k++) {
                String where = c.path("scheduler").asText() + " " + c.path("warmup").asText() + " step " + k;
                double expectedLr = lrs.get(k).asDouble();
                double lr = schedule.learningRate(baseLr, k);
                double rel = relative(lr, expectedLr);
                worst = Math.max(worst, Math.max(rel, relative(schedule.factor(k), factors.get(k).asDouble())));
                assertTrue(rel <= 1e-12, where + ": lr " + lr + " vs " + expectedLr);
                assertTrue(relative(schedule.factor(k), factors.get(k).asDouble()) <= 1e-12,
                        where + ": factor " + schedule.factor(k) + " vs " + factors.get(k).asDouble());
                values++;
            }
            cases++;
        }
        assertEquals(16, cases);
        System.out.printf("schedules: %d cases, %d learning rates, worst relative difference %.3g%n",
                cases, values, worst);
    }

    private static double relative(double actual, double expected) {
        return actual == expected ? 0 : Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
    }
}
