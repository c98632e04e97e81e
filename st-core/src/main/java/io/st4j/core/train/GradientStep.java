package io.st4j.core.train;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.io.AtomicFolder;
import io.st4j.core.modules.TokenBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Computes the loss and the gradients of every trainable parameter for one batch of tokenized columns:
 * runs the training graph for that many columns, and folds the gradients of the embedding lookup back
 * into the embedding tables. A {@link CachedLoss} runs GradCache's three passes instead (see there), so
 * that memory follows the mini-batch, not the batch. One instance serves every step; the graph for each
 * column count is built once.
 */
public final class GradientStep {

    /**
     * System property choosing how a step runs when the model starts with a {@link io.st4j.core.modules.Transformer}
     * that supports it and the loss is neither layer-wise nor dual-encoder (for a cached loss: its per-mini-batch
     * backward pass): unset or {@code lean} runs the Transformer outside SameDiff on packed tokens with a hand-written
     * backward pass ({@link LeanGradientStep}); {@code samediff} runs the whole training graph, for comparison. Read
     * at every step.
     */
    public static final String TRAIN_PATH_PROPERTY = "st4j.train.path";

    /** The seed of a sampling loss's {@link RandomDraws} in an evaluation loss, so that it is the same at every evaluation. */
    private static final long EVALUATION_SEED = 0;

    private final SentenceTransformer model;
    private final SentenceTransformer copy;
    private final Loss loss;
    private final int labelWidth;
    private final Map<Integer, TrainingGraph> graphs = new HashMap<>();
    private final Map<Integer, TrainingGraph> evaluationGraphs = new HashMap<>();
    private GradientStep surrogateStep;
    private LeanGradientStep leanStep;

    /**
     * @param labelWidth values per row of a vector label column (0 for a scalar label or none; -1 for a
     *                   vector label of unknown width), so that losses that need the width when building
     *                   the graph get it
     */
    public GradientStep(SentenceTransformer model, Loss loss, int labelWidth) {
        this(model, null, loss, labelWidth);
    }

    /**
     * For a {@link DualEncoderLoss}: {@code copy} is the trainable copy of {@code model} (see
     * {@link #trainableCopy}), whose parameters take the names of the model's prefixed {@code copy/}; null
     * for every other loss.
     */
    public GradientStep(SentenceTransformer model, SentenceTransformer copy, Loss loss, int labelWidth) {
        if ((loss instanceof DualEncoderLoss) != (copy != null)) {
            throw new IllegalArgumentException(loss instanceof DualEncoderLoss
                    ? loss.name() + " needs a trainable copy of the model (GradientStep.trainableCopy)"
                    : "only a DualEncoderLoss takes a copy of the model, not " + loss.name());
        }
        this.model = model;
        this.copy = copy;
        this.loss = loss;
        this.labelWidth = labelWidth;
    }

    /**
     * An independent copy of {@code model} with the same weights ({@code copy.deepcopy}), made through the
     * saved folder format so that every module, a user's own included, copies as it saves and loads.
     */
    public static SentenceTransformer trainableCopy(SentenceTransformer model) throws IOException {
        Path dir = Files.createTempDirectory("st4j-copy");
        try {
            model.writeTo(dir);
            return SentenceTransformer.load(dir);
        } finally {
            AtomicFolder.deleteRecursively(dir);
        }
    }

    /**
     * The loss value and the gradients by parameter name ({@link SentenceTransformer#parameters()} names, plus the
     * loss's own and, for a {@link DualEncoderLoss}, the copy's {@code copy/...} ones).
     */
    public record Gradients(double loss, Map<String, INDArray> gradients) {
    }

    /**
     * @param batches each input column's tokens (each padded to its own longest text), all of one size
     * @param labels  the label column as floats ({@code [batch]} or {@code [batch, k]}), or null
     * @param seed    the seed of this step's dropout masks
     */
    public Gradients compute(List<TokenBatch> batches, INDArray labels, long seed) {
        return compute(batches, null, labels, seed);
    }

    /**
     * As {@link #compute(List, INDArray, long)}, for a {@link GuidedLoss}: {@code guideEmbeddings} holds the
     * guide model's {@code [batch, dim]} embeddings of each column (null for other losses). The numbers a loss
     * samples with ({@link RandomDraws}) come from {@code seed} too, so that a step repeats exactly (resuming from a
     * checkpoint).
     */
    public Gradients compute(List<TokenBatch> batches, List<INDArray> guideEmbeddings, INDArray labels, long seed) {
        OptionalInt miniBatch = CachedLoss.miniBatchSizeOf(loss);
        if (miniBatch.isPresent()) {
            return computeCached(batches, guideEmbeddings, labels, seed, miniBatch.getAsInt());
        }
        return usesLeanPath() ? lean().compute(batches, guideEmbeddings, labels, seed)
                : computeDirect(batches, guideEmbeddings, labels, seed);
    }

    private Gradients computeDirect(List<TokenBatch> batches, List<INDArray> guideEmbeddings, INDArray labels,
                                    long seed) {
        TrainingGraph graph = graph(batches.size());
        Random rng = new Random(seed);
        Map<String, INDArray> feed = new HashMap<>();
        List<String> inputsWithGradient = new ArrayList<>();
        for (TrainingGraph.Encoder encoder : graph.encoders()) {
            String prefix = encoder.inputPrefix();
            encoder.input().trainingInputs(batches.get(encoder.column()), rng)
                    .forEach((name, value) -> feed.put(prefix + name, value));
            encoder.input().differentiableInputs().forEach(name -> inputsWithGradient.add(prefix + name));
        }
        feedLoss(loss, graph, feed, labels, guideEmbeddings, seed);
        TrainingGraph.Result result = graph.run(feed, inputsWithGradient);
        Map<String, INDArray> gradients = graph.variableGradients(result);
        for (TrainingGraph.Encoder encoder : graph.encoders()) {
            Map<String, INDArray> inputGradients = new HashMap<>();
            for (String name : encoder.input().differentiableInputs()) {
                inputGradients.put(name, result.gradients().get(encoder.inputPrefix() + name));
            }
            encoder.input().parameterGradients(batches.get(encoder.column()), inputGradients).forEach((name, g) ->
                    gradients.merge(encoder.parameterPrefix() + "0." + name, g, INDArray::addi));
        }
        return new Gradients(result.loss(), gradients);
    }

    /**
     * GradCache: (1) embed each column's mini-batches without gradients, (2) the loss and its gradient
     * with respect to every embedding row on the full batch, (3) per mini-batch again, with the same
     * dropout masks, backpropagate the embeddings dotted with their cached gradients; the parameter
     * gradients summed over the mini-batches are the plain loss's.
     */
    private Gradients computeCached(List<TokenBatch> batches, List<INDArray> guideEmbeddings, INDArray labels,
                                    long seed, int miniBatchSize) {
        int size = batches.get(0).size();
        List<int[]> ranges = GradCache.miniBatches(size, miniBatchSize);
        List<INDArray> embeddings = new ArrayList<>();
        for (int c = 0; c < batches.size(); c++) {
            List<INDArray> parts = new ArrayList<>();
            for (int m = 0; m < ranges.size(); m++) {
                TokenBatch part = batches.get(c).rows(ranges.get(m)[0], ranges.get(m)[1]);
                parts.add(surrogate().embed(part, miniBatchSeed(seed, c, m)));
                System.gc(); // ND4J frees a mini-batch's native buffers only when the GC runs: keep memory per mini-batch
            }
            embeddings.add(Nd4j.concat(0, parts.toArray(new INDArray[0])));
        }
        GradCache.Result cached = GradCache.lossAndGradients(loss, embeddings, guideEmbeddings, labels, seed);
        Map<String, INDArray> gradients = new HashMap<>(cached.parameterGradients());
        for (int c = 0; c < batches.size(); c++) {
            for (int m = 0; m < ranges.size(); m++) {
                int[] r = ranges.get(m);
                INDArray upstream = cached.embeddingGradients().get(c).get(NDArrayIndex.interval(r[0], r[1]),
                        NDArrayIndex.all()).dup();
                Gradients part = surrogate().compute(List.of(batches.get(c).rows(r[0], r[1])), null, upstream,
                        miniBatchSeed(seed, c, m));
                part.gradients().forEach((name, g) -> gradients.merge(name, g, INDArray::addi));
                System.gc();
            }
        }
        return new Gradients(cached.loss(), gradients);
    }

    /** The sentence embeddings of one column in training mode (dropout from {@code seed}), without gradients. */
    private INDArray embed(TokenBatch batch, long seed) {
        Map<String, INDArray> feed = new HashMap<>();
        String prefix = TrainingGraph.columnPrefix(0);
        model.inputModule().trainingInputs(batch, new Random(seed)).forEach((name, v) -> feed.put(prefix + name, v));
        return graph(1).embeddings(feed).get(0);
    }

    private GradientStep surrogate() {
        if (surrogateStep == null) {
            surrogateStep = new GradientStep(model, new SurrogateLoss(), -1);
        }
        return surrogateStep;
    }

    private static long miniBatchSeed(long seed, int column, int miniBatch) {
        return seed * 31 * 31 + column * 31L + miniBatch;
    }

    /**
     * Pass 1 of a step whose loss is taken elsewhere (on embeddings gathered from data-parallel workers):
     * the sentence embeddings of one column in training mode, dropout masks drawn from {@code seed}, without
     * gradients.
     */
    public INDArray trainingEmbeddings(TokenBatch batch, long seed) {
        return surrogate().embed(batch, seed);
    }

    /**
     * The last pass of such a step: the parameter gradients of {@code sum(embeddings * upstream)} for one
     * column, with the dropout masks {@link #trainingEmbeddings} drew from the same {@code seed}; given
     * {@code upstream} = d loss / d embeddings, they are this column's share of d loss / d parameters.
     */
    public Gradients backpropagate(TokenBatch batch, INDArray upstream, long seed) {
        return surrogate().compute(List.of(batch), null, upstream, seed);
    }

    /** The loss of one batch without dropout and without gradients (evaluation loss). */
    public double loss(List<TokenBatch> batches, INDArray labels) {
        return loss(batches, null, labels);
    }

    /** As {@link #loss(List, INDArray)}, with a {@link GuidedLoss}'s guide embeddings (null for other losses). */
    public double loss(List<TokenBatch> batches, List<INDArray> guideEmbeddings, INDArray labels) {
        TrainingGraph graph = evaluationGraphs.computeIfAbsent(batches.size(), n -> build(n, false));
        Map<String, INDArray> feed = new HashMap<>();
        for (TrainingGraph.Encoder encoder : graph.encoders()) {
            encoder.input().graphInputs(batches.get(encoder.column()))
                    .forEach((name, value) -> feed.put(encoder.inputPrefix() + name, value));
        }
        feedLoss(loss, graph, feed, labels, guideEmbeddings, EVALUATION_SEED);
        return graph.loss(feed);
    }

    /**
     * Adds what the loss part of {@code graph} reads to {@code feed}: the labels (if any), a {@link GuidedLoss}'s
     * guide embeddings, and the loss's {@link RandomDraws} for {@code seed}.
     */
    static void feedLoss(Loss loss, TrainingGraph graph, Map<String, INDArray> feed, INDArray labels,
                         List<INDArray> guideEmbeddings, long seed) {
        if (labels != null) {
            feed.put(TrainingGraph.LABELS, labels);
        }
        feed.putAll(graph.draws(seed));
        if (GuidedLoss.needsGuide(loss)) {
            if (guideEmbeddings == null) {
                throw new IllegalArgumentException(loss.name() + " needs the guide model's embeddings of every column");
            }
            for (int c = 0; c < guideEmbeddings.size(); c++) {
                feed.put(TrainingGraph.GUIDE + c, guideEmbeddings.get(c));
            }
        }
    }

    /**
     * The trainable arrays of a step over {@code columns} columns: the training graph's (model and loss
     * parameters) and, for a {@link DualEncoderLoss}, every parameter of the copy (its embedding tables too,
     * which the lookup outside the graph uses), named {@code copy/...}.
     */
    public Map<String, INDArray> graphVariables(int columns) {
        if (CachedLoss.miniBatchSizeOf(loss).isEmpty() && usesLeanPath()) {
            return lean().variables(columns);
        }
        Map<String, INDArray> variables = new HashMap<>(graph(columns).variables());
        if (copy != null) {
            copy.parameters().forEach((name, array) -> variables.putIfAbsent(TrainingGraph.COPY + name, array));
        }
        return variables;
    }

    /** Whether plain steps take the lean path: supported model and loss, {@value #TRAIN_PATH_PROPERTY} not samediff. */
    private boolean usesLeanPath() {
        String path = System.getProperty(TRAIN_PATH_PROPERTY, "lean");
        if (!path.equals("lean") && !path.equals("samediff")) {
            throw new IllegalStateException("system property " + TRAIN_PATH_PROPERTY + " is '" + path
                    + "'; expected lean or samediff");
        }
        return path.equals("lean") && copy == null && LeanGradientStep.applies(model, loss);
    }

    private LeanGradientStep lean() {
        if (leanStep == null) {
            leanStep = new LeanGradientStep(model, loss, labelWidth);
        }
        return leanStep;
    }

    private TrainingGraph graph(int columns) {
        return graphs.computeIfAbsent(columns, n -> build(n, true));
    }

    private TrainingGraph build(int columns, boolean training) {
        return TrainingGraph.build(model.modules(), copy == null ? null : copy.modules(), loss, columns, training,
                labelWidth);
    }
}
