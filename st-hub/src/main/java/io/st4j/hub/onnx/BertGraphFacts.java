package io.st4j.hub.onnx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import onnx.Onnx.NodeProto;

/** Architecture facts that only the ONNX graph holds: attention heads, LayerNorm epsilon, activation. */
final class BertGraphFacts {

    /** Nodes searched after an intermediate layer for its activation (erf GELU takes 5). */
    private static final int ACTIVATION_SEARCH_LIMIT = 16;

    private BertGraphFacts() {
    }

    /**
     * The number of attention heads, from the [batch, seq, heads, head_size] reshape of the query, key and
     * value projections, and from the constant the attention scores are divided by (sqrt(head_size));
     * where both are in the graph they must agree.
     */
    static int attentionHeads(OnnxGraph graph, int hiddenSize, List<LinearWeight> projections)
            throws OnnxImportException {
        OptionalInt fromReshape = agreed(graph, "head reshapes", headsFromReshapes(graph, hiddenSize, projections));
        OptionalInt fromScale = agreed(graph, "attention score scalings", headsFromScaling(graph, hiddenSize));
        if (fromReshape.isPresent() && fromScale.isPresent() && fromReshape.getAsInt() != fromScale.getAsInt()) {
            throw graph.error("the head reshape says " + fromReshape.getAsInt() + " attention heads, the score scaling "
                    + "says " + fromScale.getAsInt());
        }
        if (fromReshape.isPresent()) {
            return fromReshape.getAsInt();
        }
        return fromScale.orElseThrow(() -> graph.error("cannot find the number of attention heads: no constant "
                + "[.., heads, head_size] reshape of the query/key/value projections and no scaling of the scores"));
    }

    static List<Integer> headsFromReshapes(OnnxGraph graph, int hiddenSize, List<LinearWeight> projections) {
        List<Integer> heads = new ArrayList<>();
        for (LinearWeight projection : projections) {
            for (NodeProto node : graph.consumers(projection.outputTensor())) {
                if (!node.getOpType().equals("Reshape") || !node.getInput(0).equals(projection.outputTensor())) {
                    continue;
                }
                long[] tail = shapeTail(graph, node.getInput(1));
                if (tail != null && tail[0] > 0 && hiddenSize % tail[0] == 0
                        && (tail[1] == -1 || tail[0] * tail[1] == hiddenSize)) {
                    heads.add((int) tail[0]);
                }
            }
        }
        return heads;
    }

    static List<Integer> headsFromScaling(OnnxGraph graph, int hiddenSize) {
        List<Integer> heads = new ArrayList<>();
        for (NodeProto node : graph.nodes()) {
            boolean divide = node.getOpType().equals("Div");
            if (!divide && !node.getOpType().equals("Mul") || node.getInputCount() != 2) {
                continue;
            }
            Optional<NodeProto> scores = graph.producer(node.getInput(0)).filter(p -> isActivationProduct(graph, p));
            Optional<double[]> scale = graph.constant(node.getInput(1)).filter(c -> c.length == 1);
            if (scores.isEmpty() || scale.isEmpty()) {
                continue;
            }
            double squared = scale.get()[0] * scale.get()[0];
            double headSize = divide ? squared : 1 / squared;
            long rounded = Math.round(headSize);
            if (rounded > 0 && Math.abs(headSize - rounded) < 1e-3 && hiddenSize % rounded == 0) {
                heads.add((int) (hiddenSize / rounded));
            }
        }
        return heads;
    }

    /** The single epsilon of the graph's LayerNorms (fused LayerNormalization or ReduceMean → Add(ε) → Sqrt). */
    static double layerNormEps(OnnxGraph graph) throws OnnxImportException {
        Set<Double> found = new TreeSet<>();
        for (NodeProto node : graph.nodes()) {
            if (node.getOpType().equals("LayerNormalization")) {
                found.add(OnnxGraph.attribute(node, "epsilon")
                        .map(a -> Double.parseDouble(Float.toString(a.getF()))).orElse(1e-5));
            } else if (node.getOpType().equals("Add") && node.getInputCount() == 2
                    && graph.consumers(node.getOutput(0)).stream().anyMatch(c -> c.getOpType().equals("Sqrt"))) {
                for (int side = 0; side < 2; side++) {
                    boolean ofVariance = graph.producer(node.getInput(side))
                            .filter(p -> p.getOpType().equals("ReduceMean")).isPresent();
                    Optional<double[]> epsilon = graph.constant(node.getInput(1 - side)).filter(c -> c.length == 1);
                    if (ofVariance && epsilon.isPresent()) {
                        found.add(epsilon.get()[0]);
                    }
                }
            }
        }
        if (found.isEmpty()) {
            throw graph.error("no LayerNorm epsilon found (neither LayerNormalization nodes nor "
                    + "ReduceMean -> Add(epsilon) -> Sqrt)");
        }
        if (found.size() > 1) {
            throw graph.error("the LayerNorms use different epsilons " + found + "; BERT has one");
        }
        return found.iterator().next();
    }

    /**
     * Checks that each feed-forward layer applies the exact erf GELU (an {@code Erf} node, or a
     * {@code Gelu} node without the tanh approximation) and returns its transformers name, {@code gelu}.
     */
    static String hiddenAct(OnnxGraph graph, List<LinearWeight> intermediates) throws OnnxImportException {
        for (LinearWeight intermediate : intermediates) {
            List<String> ops = new ArrayList<>();
            boolean erfGelu = false;
            Deque<String> tensors = new ArrayDeque<>(List.of(intermediate.outputTensor()));
            Set<NodeProto> seen = new HashSet<>();
            while (!tensors.isEmpty() && seen.size() < ACTIVATION_SEARCH_LIMIT) {
                for (NodeProto node : graph.consumers(tensors.poll())) {
                    if (node.getOpType().equals("MatMul") || node.getOpType().equals("Gemm") || !seen.add(node)) {
                        continue;
                    }
                    ops.add(node.getOpType());
                    erfGelu |= node.getOpType().equals("Erf") || node.getOpType().equals("Gelu")
                            && !OnnxGraph.attribute(node, "approximate")
                                    .map(a -> a.getS().toStringUtf8()).orElse("none").equals("tanh");
                    tensors.addAll(node.getOutputList());
                }
            }
            if (!erfGelu) {
                throw graph.error("the activation after " + intermediate.layerName() + " is not the exact erf GELU "
                        + "that BERT uses (ops found: " + ops + ")");
            }
        }
        return "gelu";
    }

    /** A MatMul of two computed tensors (attention scores), not of a tensor by a weight. */
    private static boolean isActivationProduct(OnnxGraph graph, NodeProto node) {
        return node.getOpType().equals("MatMul")
                && !graph.isInitializer(node.getInput(0)) && !graph.isInitializer(node.getInput(1));
    }

    /** The last two entries of a reshape target that are graph constants, or null when unknown. */
    private static long[] shapeTail(OnnxGraph graph, String shapeTensor) {
        Optional<double[]> constant = graph.constant(shapeTensor);
        if (constant.isPresent()) {
            double[] shape = constant.get();
            return shape.length == 4 ? new long[] {(long) shape[2], (long) shape[3]} : null;
        }
        Optional<NodeProto> concat = graph.producer(shapeTensor).filter(p -> p.getOpType().equals("Concat"));
        if (concat.isEmpty()) {
            return null;
        }
        List<Long> tail = new ArrayList<>();
        for (int i = concat.get().getInputCount() - 1; i >= 0 && tail.size() < 2; i--) {
            Optional<double[]> part = graph.constant(concat.get().getInput(i));
            if (part.isEmpty()) {
                return null;
            }
            for (int j = part.get().length - 1; j >= 0 && tail.size() < 2; j--) {
                tail.add(0, (long) part.get()[j]);
            }
        }
        return tail.size() == 2 ? new long[] {tail.get(0), tail.get(1)} : null;
    }

    private static OptionalInt agreed(OnnxGraph graph, String source, List<Integer> values)
            throws OnnxImportException {
        Set<Integer> distinct = new TreeSet<>(values);
        if (distinct.size() > 1) {
            throw graph.error("the " + source + " disagree on the number of attention heads: " + distinct);
        }
        return distinct.isEmpty() ? OptionalInt.empty() : OptionalInt.of(distinct.iterator().next());
    }
}
