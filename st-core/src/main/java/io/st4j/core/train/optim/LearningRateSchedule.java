package io.st4j.core.train.optim;

import java.util.Objects;

/**
 * A learning-rate schedule exactly as transformers' {@code get_scheduler(name, optimizer, num_warmup_steps,
 * num_training_steps)} builds it: a {@code LambdaLR} whose factor multiplies each parameter group's base rate.
 *
 * <p>The factor for update {@code k} (0-based; the Trainer calls {@code optimizer.step()} then
 * {@code lr_scheduler.step()}, so update {@code k} uses {@code factor(k)}):
 * <ul>
 *   <li>during warmup ({@code k < w}, not for {@link SchedulerType#CONSTANT}): {@code k / max(1, w)};</li>
 *   <li>{@link SchedulerType#LINEAR}: {@code max(0, (n - k) / max(1, n - w))};</li>
 *   <li>{@link SchedulerType#COSINE}: {@code max(0, 0.5 (1 + cos(pi * 2 * 0.5 * (k - w) / max(1, n - w))))};</li>
 *   <li>{@link SchedulerType#CONSTANT}, {@link SchedulerType#CONSTANT_WITH_WARMUP}: 1.</li>
 * </ul>
 * The schedule is a pure function of the update index, so its checkpoint state is that index alone.
 *
 * @param type             the schedule
 * @param numWarmupSteps   updates of linear warmup ({@link #warmupSteps} converts a ratio)
 * @param numTrainingSteps the total number of optimizer updates
 */
public record LearningRateSchedule(SchedulerType type, long numWarmupSteps, long numTrainingSteps) {

    /** transformers' default {@code num_cycles} of the cosine schedule: half a period, from 1 down to 0. */
    private static final double COSINE_CYCLES = 0.5;

    public LearningRateSchedule {
        Objects.requireNonNull(type, "type");
        if (numWarmupSteps < 0) {
            throw new IllegalArgumentException("numWarmupSteps must be >= 0, got " + numWarmupSteps);
        }
        if (numTrainingSteps < 0) {
            throw new IllegalArgumentException("numTrainingSteps must be >= 0, got " + numTrainingSteps);
        }
    }

    /**
     * The warmup length the Trainer uses ({@code TrainingArguments.get_warmup_steps}): {@code warmupSteps} when
     * it is positive, otherwise {@code ceil(numTrainingSteps * warmupRatio)} computed in double.
     */
    public static long warmupSteps(long warmupSteps, double warmupRatio, long numTrainingSteps) {
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
        }
        if (!(warmupRatio >= 0 && warmupRatio <= 1)) {
            throw new IllegalArgumentException("warmupRatio must be in [0, 1], got " + warmupRatio);
        }
        return warmupSteps > 0 ? warmupSteps : (long) Math.ceil(numTrainingSteps * warmupRatio);
    }

    /** The multiplier of every group's base learning rate at update {@code step} (0-based). */
    public double factor(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        if (type != SchedulerType.CONSTANT && step < numWarmupSteps) {
            return (double) step / (double) Math.max(1, numWarmupSteps);
        }
        return switch (type) {
            case LINEAR -> Math.max(0.0, (double) (numTrainingSteps - step) / (double) decaySteps());
            case COSINE -> {
                double progress = (double) (step - numWarmupSteps) / (double) decaySteps();
                yield Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * COSINE_CYCLES * 2.0 * progress)));
            }
            case CONSTANT, CONSTANT_WITH_WARMUP -> 1.0;
        };
    }

    /** {@code baseLearningRate * factor(step)}, as {@code LambdaLR} computes a group's rate. */
    public double learningRate(double baseLearningRate, long step) {
        return baseLearningRate * factor(step);
    }

    private long decaySteps() {
        return Math.max(1, numTrainingSteps - numWarmupSteps);
    }
}
