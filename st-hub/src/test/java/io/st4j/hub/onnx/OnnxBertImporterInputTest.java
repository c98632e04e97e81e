package io.st4j.hub.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;

/** Exports laid out differently from the real one, and files that are not BERT exports. */
class OnnxBertImporterInputTest {

    private static ModelProto realModel;

    @TempDir
    Path dir;

    @BeforeAll
    static void parseRealModel() throws IOException {
        realModel = OnnxModels.parse(RealMiniLm.onnxFile());
    }

    @Test
    void mappingIgnoresInitializerOrderAndAnonymousNamesAndDropsTheBertPrefix() throws IOException {
        GraphProto.Builder graph = realModel.getGraph().toBuilder();
        List<String> anonymous = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (TensorProto tensor : graph.getInitializerList()) {
            if (tensor.getName().startsWith("onnx::")) {
                anonymous.add(tensor.getName());
            } else {
                names.put(tensor.getName(), "bert." + tensor.getName());
            }
        }
        // Hand each anonymous name to another weight (reversed), so name order points at the wrong layers.
        for (int i = 0; i < anonymous.size(); i++) {
            names.put(anonymous.get(i), "onnx::MatMul_" + (9000 - i));
        }
        OnnxModels.rename(graph, names);
        List<TensorProto> shuffled = new ArrayList<>(graph.getInitializerList());
        Collections.shuffle(shuffled, new Random(7));
        graph.clearInitializer().addAllInitializer(shuffled);
        Path file = OnnxModels.write(realModel.toBuilder().setGraph(graph).build(), dir.resolve("edited.onnx"));

        ImportedBert edited = OnnxBertImporter.read(file);

        ImportedBert original = RealMiniLm.imported();
        assertEquals(original.dims(), edited.dims());
        assertEquals(List.copyOf(original.weights().keySet()), List.copyOf(edited.weights().keySet()));
        for (Map.Entry<String, INDArray> entry : original.weights().entrySet()) {
            assertEquals(entry.getValue(), edited.weights().get(entry.getKey()), entry.getKey());
        }
    }

    @Test
    void aFileOfRandomBytesIsNotOnnx() throws IOException {
        byte[] bytes = new byte[4096];
        new Random(1).nextBytes(bytes);
        Path file = Files.write(dir.resolve("random.onnx"), bytes);

        assertNamesFileAndSays(file, "not an ONNX model");
    }

    @Test
    void aTextFileIsNotOnnx() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.onnx"), "this is a text file, not a model\n",
                StandardCharsets.UTF_8);

        assertNamesFileAndSays(file, "not an ONNX model");
    }

    @Test
    void aTruncatedExportIsNotOnnx() throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(RealMiniLm.onnxFile())) {
            head = in.readNBytes(1 << 20);
        }
        Path file = Files.write(dir.resolve("truncated.onnx"), head);

        assertNamesFileAndSays(file, "not an ONNX model");
    }

    @Test
    void anOnnxModelWithoutEmbeddingsIsNotBert() throws IOException {
        TensorProto weight = TensorProto.newBuilder().setName("onnx::MatMul_1").addDims(4).addDims(4)
                .setDataType(TensorProto.DataType.FLOAT.getNumber()).setRawData(ByteString.copyFrom(new byte[64]))
                .build();
        TensorProto bias = TensorProto.newBuilder().setName("encoder.layer.0.attention.self.query.bias").addDims(4)
                .setDataType(TensorProto.DataType.FLOAT.getNumber()).setRawData(ByteString.copyFrom(new byte[16]))
                .build();
        GraphProto graph = GraphProto.newBuilder().setName("not-bert")
                .addInitializer(weight).addInitializer(bias)
                .addNode(NodeProto.newBuilder().setOpType("MatMul").setName("/encoder/layer.0/attention/self/query/MatMul")
                        .addInput("x").addInput("onnx::MatMul_1").addOutput("y"))
                .addNode(NodeProto.newBuilder().setOpType("Add").addInput(bias.getName()).addInput("y").addOutput("z"))
                .build();
        Path file = OnnxModels.write(ModelProto.newBuilder().setIrVersion(7).setGraph(graph).build(),
                dir.resolve("small.onnx"));

        assertNamesFileAndSays(file, "no 'embeddings.word_embeddings.weight' tensor");
    }

    @Test
    void anExportMissingOneLayerTensorNamesIt() throws IOException {
        GraphProto.Builder graph = realModel.getGraph().toBuilder();
        List<TensorProto> kept = new ArrayList<>(graph.getInitializerList());
        assertTrue(kept.removeIf(t -> t.getName().equals("encoder.layer.3.output.LayerNorm.bias")));
        graph.clearInitializer().addAllInitializer(kept);
        Path file = OnnxModels.write(realModel.toBuilder().setGraph(graph).build(), dir.resolve("incomplete.onnx"));

        assertNamesFileAndSays(file, "tensors missing (1): [encoder.layer.3.output.LayerNorm.bias]");
    }

    @Test
    void anExportWithAnotherActivationIsRefused() throws IOException {
        GraphProto.Builder graph = realModel.getGraph().toBuilder();
        for (NodeProto.Builder node : graph.getNodeBuilderList()) {
            if (node.getOpType().equals("Erf")) {
                node.setOpType("Tanh");
            }
        }
        Path file = OnnxModels.write(realModel.toBuilder().setGraph(graph).build(), dir.resolve("tanh.onnx"));

        assertNamesFileAndSays(file, "after encoder.layer.0.intermediate.dense is not the exact erf GELU");
    }

    private static void assertNamesFileAndSays(Path file, String problem) {
        OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxBertImporter.read(file));
        System.out.println("MSG " + e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }
}
