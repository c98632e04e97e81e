package io.st4j.core.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Schedule shapes at their boundaries, with the expected values worked out here. */
class LearningRateScheduleTest {

    private static final double EXACT = 0;

    @Test
    void linearRisesDuringWarmupThenFallsToZeroAtTheLastStep() {
        LearningRateSchedule s = new LearningRateSchedule(SchedulerType.LINEAR, 4, 10);
        assertEquals(0.0, s.factor(0), EXACT);
        assertEquals(0.5, s.factor(2), EXACT);
        assertEquals(0.75, s.factor(3), EXACT);
        assertEquals(1.0, s.factor(4), EXACT);          // warmup end: the peak
        assertEquals(4.0 / 6.0, s.factor(6), 1e-15);
        assertEquals(1.0 / 6.0, s.factor(9), 1e-15);     // last update
        assertEquals(0.0, s.factor(10), EXACT);
        assertEquals(0.0, s.factor(15), EXACT);         // past the end: clamped, never negative
        assertEquals(2e-5 * 0.5, s.learningRate(2e-5, 2), 1e-20);
    }

    @Test
    void cosineStartsAtThePeakCrossesHalfMidwayAndEndsAtZero() {
        LearningRateSchedule s = new LearningRateSchedule(SchedulerType.COSINE, 2, 12);
        assertEquals(0.5, s.factor(1), EXACT);
        assertEquals(1.0, s.factor(2), EXACT);
        assertEquals(0.5, s.factor(7), 1e-15);           // halfway through the 10 decay steps
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 0.1)), s.factor(3), 1e-15);
        assertEquals(0.0, s.factor(12), 1e-15);
        assertTrue(s.factor(11) > 0 && s.factor(11) < 0.03);
        assertTrue(s.factor(20) >= 0);
    }

    @Test
    void constantIgnoresWarmupAndConstantWithWarmupDoesNot() {
        LearningRateSchedule constant = new LearningRateSchedule(SchedulerType.CONSTANT, 5, 10);
        LearningRateSchedule warm = new LearningRateSchedule(SchedulerType.CONSTANT_WITH_WARMUP, 5, 10);
        assertEquals(1.0, constant.factor(0), EXACT);
        assertEquals(1.0, constant.factor(10), EXACT);
        assertEquals(0.0, warm.factor(0), EXACT);
        assertEquals(0.8, warm.factor(4), EXACT);
        assertEquals(1.0, warm.factor(5), EXACT);
        assertEquals(1.0, warm.factor(1000), EXACT);
    }

    @Test
    void degenerateLengthsDoNotDivideByZero() {
        assertEquals(0.0, new LearningRateSchedule(SchedulerType.LINEAR, 0, 0).factor(0), EXACT);
        assertEquals(0.0, new LearningRateSchedule(SchedulerType.LINEAR, 3, 3).factor(3), EXACT);
        assertEquals(1.0, new LearningRateSchedule(SchedulerType.COSINE, 3, 3).factor(3), EXACT);
    }

    @Test
    void warmupRatioIsRoundedUpAndExplicitStepsWin() {
        assertEquals(2, LearningRateSchedule.warmupSteps(0, 0.06, 20));   // 1.2 -> 2 (ceil)
        assertEquals(10, LearningRateSchedule.warmupSteps(0, 0.1, 100));
        assertEquals(0, LearningRateSchedule.warmupSteps(0, 0.0, 100));
        assertEquals(7, LearningRateSchedule.warmupSteps(7, 0.5, 100));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.warmupSteps(0, 1.5, 10));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.warmupSteps(-1, 0, 10));
    }

    @Test
    void namesAndBadArguments() {
        assertEquals(SchedulerType.CONSTANT_WITH_WARMUP, SchedulerType.fromName("constant_with_warmup"));
        assertEquals("cosine", SchedulerType.COSINE.pythonName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SchedulerType.fromName("polynomial"));
        assertTrue(e.getMessage().contains("polynomial") && e.getMessage().contains("linear"));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(SchedulerType.LINEAR, -1, 10));
        assertThrows(IllegalArgumentException.class,
                () -> new LearningRateSchedule(SchedulerType.LINEAR, 0, 10).factor(-1));
    }
}
