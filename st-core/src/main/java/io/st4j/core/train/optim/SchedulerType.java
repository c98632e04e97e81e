package io.st4j.core.train.optim;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The learning-rate schedules of Hugging Face transformers' {@code get_scheduler} that st4j supports. */
public enum SchedulerType {
    /** Linear warmup from 0, then linear decay to 0 at the last training step (the Trainer's default). */
    LINEAR,
    /** Linear warmup from 0, then half a cosine period down to 0 at the last training step. */
    COSINE,
    /** The base rate at every step; any warmup is ignored, as {@code get_scheduler("constant")} does. */
    CONSTANT,
    /** Linear warmup from 0, then the base rate. */
    CONSTANT_WITH_WARMUP;

    /** The name transformers uses, e.g. {@code constant_with_warmup}. */
    public String pythonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a name as transformers spells it ({@code lr_scheduler_type}). */
    public static SchedulerType fromName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (SchedulerType type : values()) {
            if (type.pythonName().equals(wanted)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown learning-rate scheduler '" + name + "'; expected one of "
                + Arrays.stream(values()).map(SchedulerType::pythonName).collect(Collectors.joining(", ")));
    }
}
