package io.st4j.core.train;

import java.util.List;

/**
 * Callbacks a trainer adds by itself, as Hugging Face's trainer adds its integrations' callbacks: found
 * with {@link java.util.ServiceLoader} when a trainer is built (st-hub provides the model card and
 * push-to-Hub callbacks). A provided callback is left out when the user registered one of the same class.
 */
public interface TrainerCallbackProvider {

    /** The callbacks for a run with {@code args}, in the order they are to be called; may be empty. */
    List<TrainerCallback> callbacks(SentenceTransformerTrainingArguments args);
}
