package io.st4j.core.train;

/** What is pushed to the Hub and when, with {@code pushToHub}: Hugging Face's {@code HubStrategy}. */
public enum HubStrategy {
    /** The final model at the end of training only. */
    END,
    /** Also the model of every checkpoint, to the repository's root, as it is saved. */
    EVERY_SAVE,
    /** As {@link #EVERY_SAVE}, and the latest whole checkpoint in {@code last-checkpoint/}, to resume from. */
    CHECKPOINT,
    /** As {@link #EVERY_SAVE}, and every whole checkpoint in its own {@code checkpoint-N/} folder. */
    ALL_CHECKPOINTS
}
