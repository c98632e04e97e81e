package io.st4j.core.modules;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** Loads the built-in modules under their legacy and current (v5.4+/v6) type names. */
public final class BuiltinModules implements ModuleFactory {

    @Override
    public Set<String> typeNames() {
        return Set.of(Transformer.TYPE, "sentence_transformers.base.modules.transformer.Transformer",
                Pooling.TYPE, "sentence_transformers.sentence_transformer.modules.pooling.Pooling",
                "sentence_transformers.base.modules.pooling.Pooling",
                Dense.TYPE, "sentence_transformers.base.modules.dense.Dense",
                Normalize.TYPE, "sentence_transformers.base.modules.normalize.Normalize",
                StaticEmbedding.TYPE, StaticEmbedding.TYPE_V6);
    }

    @Override
    public Module load(String typeName, Path dir) throws IOException {
        String className = typeName.substring(typeName.lastIndexOf('.') + 1);
        return switch (className) {
            case "Transformer" -> Transformer.load(dir);
            case "Pooling" -> Pooling.load(dir);
            case "Dense" -> Dense.load(dir);
            case "Normalize" -> new Normalize();
            case "StaticEmbedding" -> StaticEmbedding.load(dir);
            default -> throw new IllegalArgumentException("not a built-in module type: " + typeName);
        };
    }
}
