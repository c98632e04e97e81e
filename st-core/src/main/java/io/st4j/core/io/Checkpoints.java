package io.st4j.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Finds and reads the weights of a Hugging Face model folder: {@code model.safetensors}, or the shards
 * listed in {@code model.safetensors.index.json}.
 */
public final class Checkpoints {

    public static final String SAFETENSORS = "model.safetensors";
    public static final String SAFETENSORS_INDEX = "model.safetensors.index.json";

    private Checkpoints() {
    }

    /** All tensors of the folder's checkpoint, by name. */
    public static Map<String, INDArray> read(Path folder) throws IOException {
        Path single = folder.resolve(SAFETENSORS);
        if (Files.isRegularFile(single)) {
            return SafeTensors.read(single);
        }
        Path index = folder.resolve(SAFETENSORS_INDEX);
        if (Files.isRegularFile(index)) {
            return readSharded(index);
        }
        if (Files.isRegularFile(folder.resolve("pytorch_model.bin"))) {
            throw new ModelFormatException(folder.resolve("pytorch_model.bin"),
                    "only PyTorch pickle weights are present; st4j reads safetensors. Convert the model once in "
                            + "Python (e.g. SentenceTransformer(path).save(path, safe_serialization=True)) or download "
                            + "its model.safetensors");
        }
        throw new ModelFormatException(folder, "no " + SAFETENSORS + " or " + SAFETENSORS_INDEX + " in the folder");
    }

    private static Map<String, INDArray> readSharded(Path index) throws IOException {
        JsonNode weightMap = Json.read(index).get("weight_map");
        if (weightMap == null || !weightMap.isObject()) {
            throw new ModelFormatException(index, "has no 'weight_map' object");
        }
        TreeSet<String> shards = new TreeSet<>();
        weightMap.fields().forEachRemaining(e -> shards.add(e.getValue().asText()));
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        for (String shard : shards) {
            Path file = index.resolveSibling(shard);
            if (!Files.isRegularFile(file)) {
                throw new ModelFormatException(index, "lists shard '" + shard + "', which is missing");
            }
            tensors.putAll(SafeTensors.read(file));
        }
        weightMap.fieldNames().forEachRemaining(name -> {
            if (!tensors.containsKey(name)) {
                throw new ModelFormatException(index, "maps tensor '" + name + "' to a shard that does not hold it");
            }
        });
        return tensors;
    }
}
