package io.st4j.core.train;

import java.nio.file.Path;
import java.util.Map;

/** Hooks into the training loop, as Hugging Face's {@code TrainerCallback}; every hook defaults to doing nothing. */
public interface TrainerCallback {

    /** When the trainer is built, with what it will train (Hugging Face's {@code on_init_end}). */
    default void onInitEnd(TrainingRun run) {
    }

    default void onTrainBegin(TrainerState state) {
    }

    default void onTrainEnd(TrainerState state) {
    }

    default void onEpochBegin(TrainerState state) {
    }

    default void onEpochEnd(TrainerState state) {
    }

    /** After each optimizer step. */
    default void onStepEnd(TrainerState state) {
    }

    /** When the trainer logs (training loss, learning rate, gradient norm, or evaluation metrics). */
    default void onLog(TrainerState state, Map<String, Object> logs) {
    }

    /** After an evaluation, with its metrics ({@code eval_}-prefixed). */
    default void onEvaluate(TrainerState state, Map<String, Double> metrics) {
    }

    /** After a checkpoint is written. */
    default void onSave(TrainerState state, Path checkpoint) {
    }
}
