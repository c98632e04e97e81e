package io.st4j.hub.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import onnx.Onnx.TensorProto;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a BERT-family ONNX export (as PyTorch's exporter writes {@code BertModel}) into Hugging Face
 * {@code BertModel} weights and config.
 *
 * <p>Named initializers (embeddings, LayerNorms, biases) map by name, with any {@code bert.} prefix
 * dropped. The dense weights, often anonymous ({@code onnx::MatMul_885}) and laid out [in, out], are
 * named by walking the graph from each {@code MatMul}/{@code Gemm} node to the bias added to its product
 * or to the node's scope, then transposed to [out, in]; initializer order is never relied on.
 */
public final class OnnxBertImporter {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxBertImporter.class);
    private static final Pattern LAYER_INDEX = Pattern.compile("^encoder\\.layer\\.(\\d+)\\.");
    private static final String BERT_PREFIX = "bert.";

    private OnnxBertImporter() {
    }

    /** A tensor of the export under its Hugging Face name, and whether it must be transposed. */
    private record Source(TensorProto tensor, boolean transpose) {
        long[] hfShape() {
            long[] shape = OnnxTensors.shape(tensor);
            return transpose && shape.length == 2 ? new long[] {shape[1], shape[0]} : shape;
        }
    }

    /**
     * Reads the ONNX file.
     *
     * @throws OnnxImportException when the file is not ONNX or not a BERT export (a tensor missing, a shape
     *     that disagrees with the inferred config, an activation other than erf GELU); the message names the
     *     file and what is missing
     * @throws IOException when the file cannot be read
     */
    public static ImportedBert read(Path onnxFile) throws IOException {
        OnnxGraph graph = OnnxGraph.parse(onnxFile);
        List<LinearWeight> linears = LinearWeight.findAll(graph);
        Map<String, Source> sources = byHuggingFaceName(graph, linears);
        BertDimensions dims = dimensions(graph, sources, linears);
        boolean pooler = sources.containsKey(HfBertLayout.POOLER_PREFIX + "weight")
                || sources.containsKey(HfBertLayout.POOLER_PREFIX + "bias");
        Map<String, long[]> expected = HfBertLayout.shapes(dims, pooler);
        checkComplete(graph, sources, expected);

        Map<String, INDArray> weights = new LinkedHashMap<>();
        for (String name : expected.keySet()) {
            weights.put(name, toArray(graph, sources.get(name)));
        }
        Set<String> ignored = new HashSet<>(sources.keySet());
        ignored.removeAll(expected.keySet());
        LOG.info("Read BERT from {}: {} tensors, {} layers, hidden {}, {} heads{}", onnxFile, weights.size(),
                dims.numHiddenLayers(), dims.hiddenSize(), dims.numAttentionHeads(), pooler ? ", pooler" : "");
        LOG.debug("Initializers not part of BertModel, ignored: {}", ignored);
        return new ImportedBert(weights, dims);
    }

    private static Map<String, Source> byHuggingFaceName(OnnxGraph graph, List<LinearWeight> linears)
            throws OnnxImportException {
        Map<String, Source> sources = new HashMap<>();
        Map<String, String> onnxNames = new HashMap<>();
        Set<String> linearTensors = new HashSet<>();
        for (LinearWeight linear : linears) {
            linearTensors.add(linear.tensor().getName());
            put(graph, sources, onnxNames, unprefixed(linear.layerName()) + ".weight",
                    new Source(linear.tensor(), linear.storedInOut()));
        }
        for (TensorProto tensor : graph.initializers()) {
            if (!linearTensors.contains(tensor.getName())) {
                put(graph, sources, onnxNames, unprefixed(tensor.getName()), new Source(tensor, false));
            }
        }
        return sources;
    }

    private static void put(OnnxGraph graph, Map<String, Source> sources, Map<String, String> onnxNames,
            String name, Source source) throws OnnxImportException {
        String previous = onnxNames.putIfAbsent(name, source.tensor().getName());
        if (previous != null) {
            throw graph.error("two initializers map to '" + name + "': '" + previous + "' and '"
                    + source.tensor().getName() + "'");
        }
        sources.put(name, source);
    }

    private static BertDimensions dimensions(OnnxGraph graph, Map<String, Source> sources,
            List<LinearWeight> linears) throws OnnxImportException {
        long[] words = require(graph, sources, HfBertLayout.WORD_EMBEDDINGS, 2);
        long[] positions = require(graph, sources, HfBertLayout.POSITION_EMBEDDINGS, 2);
        long[] types = require(graph, sources, HfBertLayout.TOKEN_TYPE_EMBEDDINGS, 2);
        int layers = layerCount(graph, sources.keySet());
        long[] intermediate = require(graph, sources, "encoder.layer.0.intermediate.dense.weight", 2);
        int hidden = Math.toIntExact(words[1]);

        List<LinearWeight> layer0Projections = new ArrayList<>();
        List<LinearWeight> intermediates = new ArrayList<>();
        for (LinearWeight linear : linears) {
            String layer = unprefixed(linear.layerName());
            if (layer.matches("encoder\\.layer\\.0\\.attention\\.self\\.(query|key|value)")) {
                layer0Projections.add(linear);
            } else if (layer.matches("encoder\\.layer\\.\\d+\\.intermediate\\.dense")) {
                intermediates.add(linear);
            }
        }
        if (intermediates.size() != layers) {
            throw graph.error("found the MatMul/Gemm of " + intermediates.size() + " of the " + layers
                    + " intermediate dense layers; each is needed to check the activation");
        }
        return new BertDimensions(hidden, layers, BertGraphFacts.attentionHeads(graph, hidden, layer0Projections),
                Math.toIntExact(intermediate[0]), Math.toIntExact(words[0]), Math.toIntExact(positions[0]),
                Math.toIntExact(types[0]), BertGraphFacts.layerNormEps(graph),
                BertGraphFacts.hiddenAct(graph, intermediates));
    }

    private static long[] require(OnnxGraph graph, Map<String, Source> sources, String name, int rank)
            throws OnnxImportException {
        Source source = sources.get(name);
        if (source == null) {
            throw graph.error("not a BERT export: it has no '" + name + "' tensor");
        }
        long[] shape = source.hfShape();
        if (shape.length != rank) {
            throw graph.error("'" + name + "' has shape " + Arrays.toString(shape) + ", expected rank " + rank);
        }
        return shape;
    }

    private static int layerCount(OnnxGraph graph, Set<String> names) throws OnnxImportException {
        int count = 0;
        for (String name : names) {
            Matcher matcher = LAYER_INDEX.matcher(name);
            if (matcher.find()) {
                count = Math.max(count, Integer.parseInt(matcher.group(1)) + 1);
            }
        }
        if (count == 0) {
            throw graph.error("not a BERT export: it has no 'encoder.layer.N.*' tensors");
        }
        return count;
    }

    private static void checkComplete(OnnxGraph graph, Map<String, Source> sources, Map<String, long[]> expected)
            throws OnnxImportException {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, long[]> entry : expected.entrySet()) {
            Source source = sources.get(entry.getKey());
            if (source == null) {
                missing.add(entry.getKey());
            } else if (!Arrays.equals(source.hfShape(), entry.getValue())) {
                throw graph.error("'" + entry.getKey() + "' (initializer '" + source.tensor().getName()
                        + "') has shape " + Arrays.toString(source.hfShape()) + " in Hugging Face layout, expected "
                        + Arrays.toString(entry.getValue()));
            }
        }
        if (!missing.isEmpty()) {
            throw graph.error("not a complete BERT export: tensors missing (" + missing.size() + "): "
                    + missing.subList(0, Math.min(10, missing.size())) + (missing.size() > 10 ? " ..." : ""));
        }
    }

    private static INDArray toArray(OnnxGraph graph, Source source) throws OnnxImportException {
        float[] values;
        try {
            values = OnnxTensors.floats(source.tensor());
        } catch (IllegalArgumentException e) {
            throw new OnnxImportException(graph.file(), e.getMessage(), e);
        }
        INDArray array = Nd4j.create(values, OnnxTensors.shape(source.tensor()), 'c');
        return source.transpose() ? array.transpose().dup('c') : array;
    }

    private static String unprefixed(String name) {
        return name.startsWith(BERT_PREFIX) ? name.substring(BERT_PREFIX.length()) : name;
    }
}
