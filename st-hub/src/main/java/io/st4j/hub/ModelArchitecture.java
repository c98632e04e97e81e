package io.st4j.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * The printed form of a saved model, as Python's {@code print(model)} shows it in the card's "Full Model
 * Architecture": one line per module of {@code modules.json}, its class name and its configuration file
 * as a Python dict; the first Transformer also names its model class.
 */
final class ModelArchitecture {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelArchitecture() {
    }

    /** The architecture text of the sentence-transformers folder {@code folder}. */
    static String of(Path folder) throws IOException {
        Path modulesFile = folder.resolve("modules.json");
        if (!Files.exists(modulesFile)) {
            throw new HubException(folder + " is not a sentence-transformers model folder: it has no modules.json");
        }
        StringBuilder text = new StringBuilder("SentenceTransformer(\n");
        for (JsonNode module : JSON.readTree(modulesFile.toFile())) {
            String type = module.path("type").asText();
            String className = type.substring(type.lastIndexOf('.') + 1);
            String path = module.path("path").asText("");
            Path dir = path.isEmpty() ? folder : folder.resolve(path);
            text.append("  (").append(module.path("idx").asText()).append("): ").append(className).append('(');
            Path config = dir.resolve(className.equals("Transformer") ? "sentence_bert_config.json" : "config.json");
            if (Files.exists(config)) {
                text.append(pythonRepr(JSON.readTree(config.toFile())));
            }
            text.append(')');
            Path modelConfig = dir.resolve("config.json");
            if (className.equals("Transformer") && Files.exists(modelConfig)) {
                JsonNode architectures = JSON.readTree(modelConfig.toFile()).path("architectures");
                if (architectures.size() > 0) {
                    text.append(" with Transformer model: ").append(architectures.get(0).asText());
                }
            }
            text.append('\n');
        }
        return text.append(')').toString();
    }

    /** Python's {@code repr} of a JSON value read into Python objects. */
    static String pythonRepr(JsonNode value) {
        if (value.isObject()) {
            StringBuilder out = new StringBuilder("{");
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.append(ModelCard.pythonRepr(field.getKey())).append(": ").append(pythonRepr(field.getValue()));
                if (fields.hasNext()) {
                    out.append(", ");
                }
            }
            return out.append('}').toString();
        }
        if (value.isArray()) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < value.size(); i++) {
                out.append(i > 0 ? ", " : "").append(pythonRepr(value.get(i)));
            }
            return out.append(']').toString();
        }
        if (value.isTextual()) {
            return ModelCard.pythonRepr(value.asText());
        }
        if (value.isBoolean()) {
            return value.asBoolean() ? "True" : "False";
        }
        if (value.isNull()) {
            return "None";
        }
        return value.toString();
    }
}
