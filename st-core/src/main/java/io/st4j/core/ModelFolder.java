package io.st4j.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.io.Json;
import io.st4j.core.io.ModelFormatException;
import io.st4j.core.modules.Module;
import io.st4j.core.modules.ModuleFactory;
import io.st4j.core.modules.Pooling;
import io.st4j.core.modules.PoolingMode;
import io.st4j.core.modules.Transformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Reads and writes the sentence-transformers folder layout: {@code modules.json} and one folder per module. */
final class ModelFolder {

    static final String MODULES_FILE = "modules.json";

    private ModelFolder() {
    }

    /** The modules of a saved model, or Transformer + mean Pooling for a plain Hugging Face folder. */
    static List<Module> readModules(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new ModelFormatException(dir, "is not a folder");
        }
        Path modulesFile = dir.resolve(MODULES_FILE);
        if (!Files.isRegularFile(modulesFile)) {
            if (!Files.isRegularFile(dir.resolve("config.json"))) {
                throw new ModelFormatException(dir, "is not a model folder: it has neither modules.json nor config.json");
            }
            Transformer transformer = Transformer.load(dir);
            return List.of(transformer, new Pooling(transformer.embeddingDimension(), PoolingMode.MEAN));
        }
        JsonNode entries = Json.read(modulesFile);
        if (!entries.isArray() || entries.isEmpty()) {
            throw new ModelFormatException(modulesFile, "must be a non-empty JSON list of modules");
        }
        Map<String, ModuleFactory> factories = factoriesByType();
        List<Module> modules = new ArrayList<>();
        for (JsonNode entry : entries) {
            String type = entry.path("type").asText("");
            ModuleFactory factory = factories.get(type);
            if (factory == null) {
                throw new ModelFormatException(modulesFile, "module type '" + type + "' is unknown; register a "
                        + ModuleFactory.class.getName() + " for it. Known types: " + factories.keySet());
            }
            modules.add(factory.load(type, dir.resolve(entry.path("path").asText(""))));
        }
        return modules;
    }

    private static Map<String, ModuleFactory> factoriesByType() {
        Map<String, ModuleFactory> byType = new HashMap<>();
        for (ModuleFactory factory : ServiceLoader.load(ModuleFactory.class)) {
            factory.typeNames().forEach(type -> byType.put(type, factory));
        }
        return byType;
    }

    /** Writes every module into its folder and {@code modules.json}, into {@code dir}. */
    static void writeModules(Path dir, List<Module> modules) throws IOException {
        List<Object> entries = new ArrayList<>();
        for (int i = 0; i < modules.size(); i++) {
            Module module = modules.get(i);
            String path = i == 0 && module.savesInRoot() ? "" : i + "_" + module.getClass().getSimpleName();
            Path moduleDir = dir.resolve(path);
            Files.createDirectories(moduleDir);
            module.save(moduleDir);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("idx", i);
            entry.put("name", String.valueOf(i));
            entry.put("path", path);
            entry.put("type", module.typeName());
            entries.add(entry);
        }
        Json.write(dir.resolve(MODULES_FILE), entries, 2);
    }
}
