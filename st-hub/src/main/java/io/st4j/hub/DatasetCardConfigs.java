package io.st4j.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code configs} a dataset card ({@code README.md}) declares in its YAML front matter:
 * <pre>
 * configs:
 * - config_name: pair-class
 *   default: true
 *   data_files:
 *   - split: train
 *     path: pair-class/train-*
 * </pre>
 * {@code data_files} may also be a pattern or a list of patterns (then the split is {@code train}).
 */
final class DatasetCardConfigs {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** A declared config: its split → patterns, and whether it is the default. */
    record Config(String name, Map<String, List<String>> splits, boolean isDefault) {
    }

    private DatasetCardConfigs() {
    }

    /** The YAML between a leading {@code ---} line and the next {@code ---} line, or null. */
    static JsonNode frontMatter(String card, String where) throws HubException {
        String text = card.replace("\r\n", "\n");
        if (!text.startsWith("---\n")) {
            return null;
        }
        int end = text.indexOf("\n---", 3);
        if (end < 0) {
            return null;
        }
        try {
            JsonNode yaml = YAML.readTree(text.substring(4, end + 1));
            return yaml == null || yaml.isMissingNode() ? null : yaml;
        } catch (IOException e) {
            throw new HubException("Invalid YAML front matter in " + where + ": " + e.getMessage(), e);
        }
    }

    /** The configs declared in {@code card}; empty when it declares none. */
    static List<Config> parse(String card, String where) throws HubException {
        JsonNode yaml = frontMatter(card, where);
        List<Config> configs = new ArrayList<>();
        if (yaml == null || !yaml.has("configs")) {
            return configs;
        }
        for (JsonNode node : yaml.get("configs")) {
            String name = node.path("config_name").asText("default");
            Map<String, List<String>> splits = new LinkedHashMap<>();
            JsonNode dataFiles = node.get("data_files");
            if (dataFiles == null) {
                throw new HubException("Config '" + name + "' in " + where + " has no data_files");
            }
            if (dataFiles.isTextual()) {
                splits.put("train", List.of(dataFiles.asText()));
            } else {
                for (JsonNode entry : dataFiles) {
                    if (entry.isTextual()) {
                        splits.computeIfAbsent("train", k -> new ArrayList<>()).add(entry.asText());
                    } else {
                        String split = entry.path("split").asText("train");
                        JsonNode path = entry.get("path");
                        List<String> patterns = splits.computeIfAbsent(split, k -> new ArrayList<>());
                        if (path == null) {
                            throw new HubException("Split '" + split + "' of config '" + name + "' in " + where
                                    + " has no path");
                        }
                        if (path.isArray()) {
                            path.forEach(p -> patterns.add(p.asText()));
                        } else {
                            patterns.add(path.asText());
                        }
                    }
                }
            }
            configs.add(new Config(name, splits, node.path("default").asBoolean(false)));
        }
        return configs;
    }
}
