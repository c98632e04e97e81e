package io.st4j.core.modules;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Loads modules of given {@code modules.json} type names from their folders. Implementations are found
 * with {@link java.util.ServiceLoader} ({@code META-INF/services/io.st4j.core.modules.ModuleFactory}),
 * which is how a user's own module class becomes loadable.
 */
public interface ModuleFactory {

    /** The type strings this factory loads (all spellings: legacy and current). */
    Set<String> typeNames();

    /** Loads the module of type {@code typeName} (one of {@link #typeNames()}) saved in {@code dir}. */
    Module load(String typeName, Path dir) throws IOException;
}
