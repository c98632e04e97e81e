package io.st4j.core.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.io.SafeTensors;
import io.st4j.core.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pooling, Dense and Normalize against module_cases.json: outputs from real all-MiniLM-L6-v2 token
 * embeddings, and the exact files each module's save writes.
 */
class ModuleCasesTest {

    @TempDir
    Path tmp;

    static Stream<String> caseNames() {
        JsonNode cases = SharedData.referenceJson("module_cases.json").get("cases");
        List<String> names = new ArrayList<>();
        cases.forEach(c -> names.add(c.get("name").asText()));
        return names.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseNames")
    void moduleOutputAndSavedFilesEqualPython(String name) throws Exception {
        JsonNode root = SharedData.referenceJson("module_cases.json");
        JsonNode testCase = find(root.get("cases"), name);
        Module module = moduleOf(testCase, root.get("cases"));

        Map<String, INDArray> features = new HashMap<>();
        String input = testCase.get("input").asText();
        if (input.startsWith("token_embeddings")) {
            features.put(ModuleGraph.TOKEN_EMBEDDINGS, matrix3(root.get("inputs").get("token_embeddings")));
            features.put(ModuleGraph.ATTENTION_MASK, matrix(root.get("inputs").get("attention_mask")));
        } else {
            String source = input.substring(0, input.indexOf(' '));
            features.put(ModuleGraph.SENTENCE_EMBEDDING, matrix(find(root.get("cases"), source).get("value")));
        }
        INDArray out = run(module, features);
        INDArray expected = matrix(testCase.get("value"));
        assertEquals(List.of(expected.shape()[0], expected.shape()[1]), List.of(out.shape()[0], out.shape()[1]));
        assertTrue(out.sub(expected).amaxNumber().doubleValue() <= 1e-6,
                "max abs diff " + out.sub(expected).amaxNumber());

        Path dir = Files.createDirectories(tmp.resolve(name));
        module.save(dir);
        JsonNode files = testCase.get("saved_files");
        try (Stream<Path> written = Files.list(dir)) {
            assertEquals(files.size(), written.count(), "number of files written");
        }
        for (var it = files.fields(); it.hasNext(); ) {
            var file = it.next();
            Path path = dir.resolve(file.getKey());
            if (file.getValue().has("text")) {
                assertEquals(file.getValue().get("text").asText(), Files.readString(path, StandardCharsets.UTF_8),
                        file.getKey());
            } else {
                assertEquals(file.getValue().get("bytes").asLong(), Files.size(path), file.getKey() + " size");
                assertEquals(file.getValue().get("safetensors_header").size(),
                        SafeTensors.readWithMetadata(path).tensors().size(), file.getKey() + " tensors");
            }
        }
    }

    private static Module moduleOf(JsonNode testCase, JsonNode cases) {
        JsonNode kwargs = testCase.get("kwargs");
        switch (testCase.get("module").asText()) {
            case "Pooling": {
                List<PoolingMode> modes = new ArrayList<>();
                for (PoolingMode mode : PoolingMode.values()) {
                    if (kwargs.path(mode.legacyFlag()).asBoolean()) {
                        modes.add(mode);
                    }
                }
                return new Pooling(kwargs.get("word_embedding_dimension").asInt(), modes,
                        kwargs.path("include_prompt").asBoolean(true));
            }
            case "Dense": {
                JsonNode weights = testCase.get("weights");
                JsonNode weight = weights.get("linear.weight");
                if (weight.isTextual()) { // "same as <case>"
                    weight = find(cases, weight.asText().substring("same as ".length())).get("weights").get("linear.weight");
                }
                return new Dense(matrix(weight),
                        weights.has("linear.bias") ? vector(weights.get("linear.bias")) : null,
                        Activation.fromTorchName(kwargs.get("activation_function").asText()));
            }
            case "Normalize":
                return new Normalize();
            default:
                throw new IllegalArgumentException(testCase.get("module").asText());
        }
    }

    /** Runs one module on fixed input features. */
    static INDArray run(Module module, Map<String, INDArray> features) {
        SameDiff sd = SameDiff.create();
        ModuleGraph graph = new ModuleGraph(sd);
        features.forEach((name, value) -> {
            SDVariable ph = sd.placeHolder(name, DataType.FLOAT, value.shape());
            graph.setFeature(name, ph);
        });
        graph.enterModule("0");
        module.forward(graph);
        String out = graph.feature(ModuleGraph.SENTENCE_EMBEDDING).name();
        return sd.output(features, out).get(out);
    }

    private static JsonNode find(JsonNode cases, String name) {
        for (JsonNode c : cases) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no case " + name);
    }

    static INDArray vector(JsonNode node) {
        float[] v = new float[node.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) node.get(i).asDouble();
        }
        return Nd4j.createFromArray(v);
    }

    static INDArray matrix(JsonNode node) {
        float[][] m = new float[node.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = vector(node.get(i)).toFloatVector();
        }
        return Nd4j.createFromArray(m);
    }

    static INDArray matrix3(JsonNode node) {
        float[][][] m = new float[node.size()][][];
        for (int i = 0; i < m.length; i++) {
            m[i] = matrix(node.get(i)).toFloatMatrix();
        }
        return Nd4j.createFromArray(m);
    }
}
