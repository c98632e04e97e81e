package io.st4j.core.train;

/** When the trainer evaluates, saves or logs: Hugging Face's {@code IntervalStrategy}. */
public enum IntervalStrategy {
    /** Never. */
    NO,
    /** Every N optimizer steps. */
    STEPS,
    /** At the end of each epoch. */
    EPOCH
}
