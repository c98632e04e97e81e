package io.st4j.core;

import io.st4j.core.modules.Module;
import io.st4j.core.modules.ModuleGraph;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The SameDiff graph of a module pipeline, with the names of its inputs and outputs. */
final class EmbeddingGraph {

    private final SameDiff sd;
    private final String tokenEmbeddings; // null when no module produces token embeddings
    private final String sentenceEmbedding;
    private final Set<String> placeholders;

    private EmbeddingGraph(SameDiff sd, String tokenEmbeddings, String sentenceEmbedding) {
        this.sd = sd;
        this.tokenEmbeddings = tokenEmbeddings;
        this.sentenceEmbedding = sentenceEmbedding;
        this.placeholders = Set.copyOf(sd.inputs());
    }

    /** Adds every module, in order, to a new graph. */
    static EmbeddingGraph build(List<Module> modules) {
        return build(modules, new ModuleGraph(SameDiff.create()), 0);
    }

    /**
     * The graph of the modules after the first, for a first module that runs outside SameDiff: fed its output
     * through the placeholders {@code token_embeddings [batch, tokens, tokenDimension]} and {@code attention_mask}.
     */
    static EmbeddingGraph buildAfterInput(List<Module> modules, int tokenDimension) {
        ModuleGraph graph = new ModuleGraph(SameDiff.create());
        graph.setFeature(ModuleGraph.TOKEN_EMBEDDINGS, graph.placeholder(ModuleGraph.TOKEN_EMBEDDINGS, -1, -1,
                tokenDimension));
        graph.setFeature(ModuleGraph.ATTENTION_MASK, graph.placeholder(ModuleGraph.ATTENTION_MASK, -1, -1));
        return build(modules, graph, 1);
    }

    private static EmbeddingGraph build(List<Module> modules, ModuleGraph graph, int first) {
        SameDiff sd = graph.sd();
        for (int i = first; i < modules.size(); i++) {
            graph.enterModule(String.valueOf(i));
            modules.get(i).forward(graph);
        }
        SDVariable sentence = graph.feature(ModuleGraph.SENTENCE_EMBEDDING);
        // A static embedding pipeline has no token embeddings, as in sentence-transformers.
        String tokens = graph.hasFeature(ModuleGraph.TOKEN_EMBEDDINGS)
                ? graph.feature(ModuleGraph.TOKEN_EMBEDDINGS).name() : null;
        return new EmbeddingGraph(sd, tokens, sentence.name());
    }

    SameDiff sameDiff() {
        return sd;
    }

    boolean hasPlaceholder(String name) {
        return placeholders.contains(name);
    }

    /** Whether the pipeline produces token embeddings. */
    boolean hasTokenEmbeddings() {
        return tokenEmbeddings != null;
    }

    /** Runs the graph; {@code inputs} may hold more entries than the graph's placeholders. */
    Map<String, INDArray> run(Map<String, INDArray> inputs, boolean withTokenEmbeddings) {
        Map<String, INDArray> feed = new HashMap<>(inputs);
        feed.keySet().retainAll(placeholders);
        if (!feed.keySet().equals(placeholders)) {
            throw new IllegalStateException("graph inputs missing: " + placeholders.stream()
                    .filter(p -> !feed.containsKey(p)).collect(Collectors.toList()));
        }
        Map<String, INDArray> out = withTokenEmbeddings
                ? sd.output(feed, sentenceEmbedding, tokenEmbeddings)
                : sd.output(feed, sentenceEmbedding);
        Map<String, INDArray> named = new HashMap<>();
        named.put(ModuleGraph.SENTENCE_EMBEDDING, out.get(sentenceEmbedding));
        if (withTokenEmbeddings) {
            named.put(ModuleGraph.TOKEN_EMBEDDINGS, out.get(tokenEmbeddings));
        }
        return named;
    }
}
