package io.st4j.hub.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import org.nd4j.shade.protobuf.CodedInputStream;

/** Test helpers that read, edit and write ONNX models with the protobuf classes of nd4j-api. */
final class OnnxModels {

    private OnnxModels() {
    }

    static ModelProto parse(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            CodedInputStream coded = CodedInputStream.newInstance(in);
            coded.setSizeLimit(Integer.MAX_VALUE);
            return ModelProto.parseFrom(coded);
        }
    }

    static Path write(ModelProto model, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        }
        return file;
    }

    /** Renames tensors (old → new) everywhere the graph mentions them: initializers, node inputs and outputs. */
    static void rename(GraphProto.Builder graph, Map<String, String> names) {
        for (TensorProto.Builder tensor : graph.getInitializerBuilderList()) {
            tensor.setName(names.getOrDefault(tensor.getName(), tensor.getName()));
        }
        for (NodeProto.Builder node : graph.getNodeBuilderList()) {
            for (int i = 0; i < node.getInputCount(); i++) {
                node.setInput(i, names.getOrDefault(node.getInput(i), node.getInput(i)));
            }
            for (int i = 0; i < node.getOutputCount(); i++) {
                node.setOutput(i, names.getOrDefault(node.getOutput(i), node.getOutput(i)));
            }
        }
    }
}
