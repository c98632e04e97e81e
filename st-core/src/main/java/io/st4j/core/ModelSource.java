package io.st4j.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Resolves a model name that is not a local folder (e.g. {@code sentence-transformers/all-MiniLM-L6-v2})
 * to a local folder. Implementations are found with {@link java.util.ServiceLoader}; st-hub provides
 * the Hugging Face Hub one.
 */
public interface ModelSource {

    /**
     * The local folder holding {@code modelId} at {@code revision} (null for the default branch), or
     * empty if this source does not serve such names.
     *
     * @throws IOException if this source serves the name but fetching it failed
     */
    Optional<Path> resolve(String modelId, String revision) throws IOException;
}
