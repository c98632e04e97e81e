package io.st4j.hub.onnx;

import java.util.ArrayList;
import java.util.List;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;

/**
 * A weight initializer that a {@code MatMul} or {@code Gemm} node multiplies activations by: the dense
 * weight of a Linear layer, which PyTorch's exporter often leaves anonymous ({@code onnx::MatMul_885}).
 *
 * @param layerName the Linear layer's module path as the export names it, e.g.
 *     {@code encoder.layer.0.attention.self.query}
 * @param tensor the weight initializer
 * @param storedInOut whether the initializer is laid out [in, out] (a MatMul operand, or Gemm without
 *     {@code transB}) rather than PyTorch's [out, in]
 * @param outputTensor the graph tensor holding the layer's result (after the bias, when one is added)
 */
record LinearWeight(String layerName, TensorProto tensor, boolean storedInOut, String outputTensor) {

    /**
     * Every Linear weight of the graph. The layer is named, in order of preference, by the named bias
     * added to the product ({@code encoder.layer.0.attention.self.query.bias}), by the weight's own name
     * when it has one, or by the node's scope ({@code /encoder/layer.0/attention/self/query/MatMul}).
     */
    static List<LinearWeight> findAll(OnnxGraph graph) throws OnnxImportException {
        List<LinearWeight> found = new ArrayList<>();
        for (NodeProto node : graph.nodes()) {
            boolean gemm = node.getOpType().equals("Gemm");
            if (!gemm && !node.getOpType().equals("MatMul") || node.getInputCount() < 2
                    || !graph.isInitializer(node.getInput(1)) || graph.isInitializer(node.getInput(0))) {
                continue;
            }
            String output = node.getOutput(0);
            String bias = null;
            if (gemm && node.getInputCount() > 2 && graph.isInitializer(node.getInput(2))) {
                bias = node.getInput(2);
            } else {
                for (NodeProto consumer : graph.consumers(output)) {
                    String other = otherAddend(consumer, output);
                    if (other != null && graph.isInitializer(other)) {
                        bias = other;
                        output = consumer.getOutput(0);
                        break;
                    }
                }
            }
            String weight = node.getInput(1);
            String layer = bias != null && bias.endsWith(".bias") ? strip(bias, ".bias")
                    : weight.endsWith(".weight") ? strip(weight, ".weight")
                    : scopeOf(node.getName());
            if (layer == null) {
                throw graph.error("cannot tell which layer the weight '" + weight + "' of " + node.getOpType()
                        + " node '" + node.getName() + "' belongs to (no named bias, weight or node)");
            }
            boolean transB = gemm && OnnxGraph.attribute(node, "transB").map(a -> a.getI() != 0).orElse(false);
            found.add(new LinearWeight(layer, graph.initializer(weight), !transB, output));
        }
        return found;
    }

    /** The other input of a two-input {@code Add} node that takes {@code tensor}, or null. */
    private static String otherAddend(NodeProto node, String tensor) {
        if (!node.getOpType().equals("Add") || node.getInputCount() != 2) {
            return null;
        }
        return node.getInput(0).equals(tensor) ? node.getInput(1) : node.getInput(0);
    }

    /** {@code /encoder/layer.0/attention/self/query/MatMul} → {@code encoder.layer.0.attention.self.query}. */
    private static String scopeOf(String nodeName) {
        int last = nodeName.lastIndexOf('/');
        if (!nodeName.startsWith("/") || last <= 0) {
            return null;
        }
        return nodeName.substring(1, last).replace('/', '.');
    }

    private static String strip(String name, String suffix) {
        return name.substring(0, name.length() - suffix.length());
    }
}
