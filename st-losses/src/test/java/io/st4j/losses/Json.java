package io.st4j.losses;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Nested JSON number arrays to float32 INDArrays and flat doubles. */
final class Json {

    private Json() {
    }

    static INDArray array(JsonNode node) {
        List<Long> shape = new ArrayList<>();
        JsonNode n = node;
        while (n.isArray()) {
            shape.add((long) n.size());
            n = n.get(0);
        }
        double[] flat = flatten(node);
        long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
        if (dims.length == 0) {
            return Nd4j.scalar((float) node.asDouble());
        }
        return Nd4j.create(flat, dims, DataType.DOUBLE).castTo(DataType.FLOAT);
    }

    static double[] flatten(JsonNode node) {
        List<Double> out = new ArrayList<>();
        collect(node, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double[][] matrix(JsonNode node) {
        double[][] m = new double[node.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = flatten(node.get(i));
        }
        return m;
    }

    private static void collect(JsonNode node, List<Double> out) {
        if (node.isArray()) {
            for (JsonNode child : node) {
                collect(child, out);
            }
        } else {
            out.add(node.asDouble());
        }
    }
}
