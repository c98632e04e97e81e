package io.st4j.hub;

import io.st4j.core.train.SentenceTransformerTrainingArguments;
import io.st4j.core.train.TrainerCallback;
import io.st4j.core.train.TrainerCallbackProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * The callbacks st-hub adds to every trainer ({@link java.util.ServiceLoader}): a {@link ModelCardCallback},
 * as sentence-transformers' trainer always adds one, and with {@code pushToHub} a {@link PushToHubCallback}.
 */
public final class HubTrainerCallbacks implements TrainerCallbackProvider {

    @Override
    public List<TrainerCallback> callbacks(SentenceTransformerTrainingArguments args) {
        List<TrainerCallback> callbacks = new ArrayList<>(List.of(new ModelCardCallback()));
        if (args.pushToHub()) {
            callbacks.add(new PushToHubCallback());
        }
        return callbacks;
    }
}
