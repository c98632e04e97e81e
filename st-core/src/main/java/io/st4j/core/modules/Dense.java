package io.st4j.core.modules;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.io.Checkpoints;
import io.st4j.core.io.Json;
import io.st4j.core.io.ModelFormatException;
import io.st4j.core.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A fully connected layer on the sentence embedding, {@code activation(x · Wᵀ + b)}: sentence-transformers'
 * {@code Dense}. Weights are stored as {@code linear.weight [out, in]} and {@code linear.bias [out]}.
 */
public final class Dense implements Module {

    public static final String TYPE = "sentence_transformers.models.Dense";
    private static final String WEIGHT = "linear.weight";
    private static final String BIAS = "linear.bias";

    private final INDArray weight;
    private final INDArray bias;
    private final Activation activation;

    /**
     * @param weight     {@code [out, in]}
     * @param bias       {@code [out]}, or null for no bias
     * @param activation applied after the affine map
     */
    public Dense(INDArray weight, INDArray bias, Activation activation) {
        if (weight.rank() != 2 || (bias != null && (bias.rank() != 1 || bias.length() != weight.size(0)))) {
            throw new IllegalArgumentException("Dense needs weight [out, in] and bias [out]; got "
                    + Arrays.toString(weight.shape()) + " and " + (bias == null ? "none" : Arrays.toString(bias.shape())));
        }
        this.weight = weight.castTo(DataType.FLOAT);
        this.bias = bias == null ? null : bias.castTo(DataType.FLOAT);
        this.activation = activation;
    }

    /** Reads {@code config.json} and {@code model.safetensors} of a Dense folder. */
    public static Dense load(Path dir) throws IOException {
        Path file = dir.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(dir, "Dense folder lacks config.json");
        }
        JsonNode json = Json.read(file);
        int in = json.path("in_features").asInt(-1);
        int out = json.path("out_features").asInt(-1);
        boolean hasBias = json.path("bias").asBoolean(true);
        Activation activation;
        try {
            activation = Activation.fromTorchName(json.path("activation_function")
                    .asText(Activation.TANH.torchName()));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, e.getMessage(), e);
        }
        Map<String, INDArray> tensors = Checkpoints.read(dir);
        INDArray weight = tensors.get(WEIGHT);
        if (weight == null || !Arrays.equals(weight.shape(), new long[] {out, in})) {
            throw new ModelFormatException(dir, "tensor '" + WEIGHT + "' must have shape [" + out + ", " + in
                    + "] (out_features, in_features of config.json); got "
                    + (weight == null ? "none" : Arrays.toString(weight.shape())));
        }
        INDArray bias = tensors.get(BIAS);
        if (hasBias && (bias == null || bias.length() != out)) {
            throw new ModelFormatException(dir, "tensor '" + BIAS + "' must have " + out + " values");
        }
        return new Dense(weight, hasBias ? bias : null, activation);
    }

    @Override
    public String typeName() {
        return TYPE;
    }

    /** The output width. */
    public int outFeatures() {
        return (int) weight.size(0);
    }

    @Override
    public Map<String, INDArray> parameters() {
        Map<String, INDArray> params = new LinkedHashMap<>();
        params.put(WEIGHT, weight);
        if (bias != null) {
            params.put(BIAS, bias);
        }
        return params;
    }

    @Override
    public void forward(ModuleGraph graph) {
        SDVariable x = graph.feature(ModuleGraph.SENTENCE_EMBEDDING);
        SDVariable y = graph.sd().mmul(x, graph.parameter(WEIGHT, weight), false, true, false);
        if (bias != null) {
            y = y.add(graph.parameter(BIAS, bias));
        }
        graph.setFeature(ModuleGraph.SENTENCE_EMBEDDING, activation.apply(graph.sd(), y));
    }

    @Override
    public void save(Path dir) throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("in_features", (int) weight.size(1));
        config.put("out_features", (int) weight.size(0));
        config.put("bias", bias != null);
        config.put("activation_function", activation.torchName());
        Json.write(dir.resolve("config.json"), config, 4);
        SafeTensors.write(dir.resolve(Checkpoints.SAFETENSORS), parameters(), Map.of());
    }
}
