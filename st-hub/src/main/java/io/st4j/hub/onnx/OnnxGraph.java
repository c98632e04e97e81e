package io.st4j.hub.onnx;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import org.nd4j.shade.protobuf.CodedInputStream;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;

/**
 * A parsed ONNX graph with the look-ups an importer needs: initializers by name, the node producing
 * each tensor, the nodes consuming it, and the values of constant tensors.
 */
final class OnnxGraph {

    private final Path file;
    private final GraphProto graph;
    private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
    private final Map<String, NodeProto> producers = new HashMap<>();
    private final Map<String, List<NodeProto>> consumers = new HashMap<>();

    private OnnxGraph(Path file, GraphProto graph) {
        this.file = file;
        this.graph = graph;
        for (TensorProto tensor : graph.getInitializerList()) {
            initializers.put(tensor.getName(), tensor);
        }
        for (NodeProto node : graph.getNodeList()) {
            for (String output : node.getOutputList()) {
                producers.put(output, node);
            }
            for (String input : node.getInputList()) {
                consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
            }
        }
    }

    /** Parses an ONNX model file (protobuf {@code ModelProto}) of any size protobuf can address (2 GB). */
    static OnnxGraph parse(Path file) throws IOException {
        ModelProto model;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            CodedInputStream coded = CodedInputStream.newInstance(in);
            coded.setSizeLimit(Integer.MAX_VALUE);
            model = ModelProto.parseFrom(coded);
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxImportException(file, "not an ONNX model (protobuf parse failed: " + e.getMessage() + ")", e);
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new OnnxImportException(file, "not an ONNX model (no graph nodes)");
        }
        return new OnnxGraph(file, model.getGraph());
    }

    /** The file the graph was read from. */
    Path file() {
        return file;
    }

    /** An exception naming this graph's file. */
    OnnxImportException error(String problem) {
        return new OnnxImportException(file, problem);
    }

    List<NodeProto> nodes() {
        return graph.getNodeList();
    }

    Collection<TensorProto> initializers() {
        return initializers.values();
    }

    boolean isInitializer(String tensorName) {
        return initializers.containsKey(tensorName);
    }

    TensorProto initializer(String tensorName) {
        return initializers.get(tensorName);
    }

    /** The node computing a tensor, empty for graph inputs and initializers. */
    Optional<NodeProto> producer(String tensorName) {
        return Optional.ofNullable(producers.get(tensorName));
    }

    /** The nodes taking a tensor as an input. */
    List<NodeProto> consumers(String tensorName) {
        return consumers.getOrDefault(tensorName, List.of());
    }

    /**
     * The values of a numeric tensor fixed in the graph (an initializer or a {@code Constant} node's
     * output); empty for computed tensors and for constants of non-numeric types.
     */
    Optional<double[]> constant(String tensorName) {
        try {
            return constantValues(tensorName);
        } catch (IllegalArgumentException notNumeric) {
            return Optional.empty();
        }
    }

    private Optional<double[]> constantValues(String tensorName) {
        TensorProto initializer = initializers.get(tensorName);
        if (initializer != null) {
            return Optional.of(OnnxTensors.numbers(initializer));
        }
        NodeProto node = producers.get(tensorName);
        if (node == null || !node.getOpType().equals("Constant")) {
            return Optional.empty();
        }
        for (AttributeProto attribute : node.getAttributeList()) {
            switch (attribute.getName()) {
                case "value":
                    return Optional.of(OnnxTensors.numbers(attribute.getT()));
                case "value_float":
                    return Optional.of(new double[] {Double.parseDouble(Float.toString(attribute.getF()))});
                case "value_int":
                    return Optional.of(new double[] {attribute.getI()});
                case "value_ints":
                    return Optional.of(attribute.getIntsList().stream().mapToDouble(Long::doubleValue).toArray());
                default:
                    break;
            }
        }
        return Optional.empty();
    }

    /** The value of a node's attribute, if it is set. */
    static Optional<AttributeProto> attribute(NodeProto node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst();
    }
}
