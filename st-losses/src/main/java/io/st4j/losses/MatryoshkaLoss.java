package io.st4j.losses;

import io.st4j.core.train.CachedLoss;
import io.st4j.core.train.GuidedLoss;
import io.st4j.core.train.Loss;
import io.st4j.data.ColumnRequirements;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Matryoshka Representation Learning: the wrapped loss applied to the embeddings truncated to each of
 * {@code matryoshkaDims} (and L2-normalised, as the library's {@code shrink}), weighted and summed.
 * The {@code [batch, dim]} teacher embeddings of an {@link EmbedDistillLoss}/{@link MSELoss} without
 * projection are truncated alike (not normalised), as sentence-transformers 5.1.2 does. With
 * {@code nDimsPerStep > 0}, that many dims are drawn anew each time the graph runs (ND4J's random
 * generator, which the trainer seeds with each step's seed); the others contribute nothing. Works around {@link GuidedLoss} and {@link CachedLoss}
 * losses too: it then needs what they need (a cached loss's pass 2 is this loss on the full batch).
 */
public class MatryoshkaLoss implements GuidedLoss, CachedLoss {

    private final Loss loss;
    private final int[] dims;
    private final double[] weights;
    private final int nDimsPerStep;

    /** All dims with weight 1, every step. */
    public MatryoshkaLoss(Loss loss, int... matryoshkaDims) {
        this(loss, matryoshkaDims, null, -1);
    }

    /**
     * @param matryoshkaWeights one weight per dim, or null for 1 each
     * @param nDimsPerStep      how many dims to use per step; -1 for all
     */
    public MatryoshkaLoss(Loss loss, int[] matryoshkaDims, double[] matryoshkaWeights, int nDimsPerStep) {
        if (matryoshkaDims.length == 0) {
            throw new IllegalArgumentException("You must provide at least one dimension in matryoshka_dims.");
        }
        if (Arrays.stream(matryoshkaDims).anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException("All dimensions passed to a matryoshka loss must be > 0, got " + Arrays.toString(matryoshkaDims));
        }
        if (matryoshkaWeights != null && matryoshkaWeights.length != matryoshkaDims.length) {
            throw new IllegalArgumentException("matryoshka_weights must be the same length as matryoshka_dims.");
        }
        Integer[] order = new Integer[matryoshkaDims.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> matryoshkaDims[i]).reversed());
        this.dims = new int[order.length];
        this.weights = new double[order.length];
        for (int i = 0; i < order.length; i++) {
            dims[i] = matryoshkaDims[order[i]];
            weights[i] = matryoshkaWeights == null ? 1.0 : matryoshkaWeights[order[i]];
        }
        this.loss = loss;
        this.nDimsPerStep = nDimsPerStep;
    }

    /** The wrapped loss. */
    public Loss loss() {
        return loss;
    }

    @Override
    public String guide() {
        return loss instanceof GuidedLoss g ? g.guide() : null;
    }

    @Override
    public OptionalInt miniBatchSize() {
        return CachedLoss.miniBatchSizeOf(loss);
    }

    @Override
    public SDVariable compute(SameDiff sd, List<SDVariable> embeddings, SDVariable labels) {
        return build(sd, embeddings, null, labels);
    }

    @Override
    public SDVariable compute(SameDiff sd, List<SDVariable> embeddings, List<SDVariable> guideEmbeddings, SDVariable labels) {
        return build(sd, embeddings, guideEmbeddings, labels);
    }

    private SDVariable build(SameDiff sd, List<SDVariable> embeddings, List<SDVariable> guideEmbeddings, SDVariable labels) {
        long[] embeddingShape = embeddings.get(0).getShape();
        long width = embeddingShape == null || embeddingShape.length != 2 ? -1 : embeddingShape[1];
        if (width > 0 && dims[0] > width) {
            throw new IllegalArgumentException("Dimension " + dims[0] + " in matryoshka_dims cannot be greater than the model's embedding dimension: " + width);
        }
        long[] labelShape = labels == null ? null : labels.getShape();
        boolean truncateLabels = loss instanceof EmbedDistillLoss distill && distill.projectionWeight() == null
                && labelShape != null && labelShape.length == 2;
        boolean sampled = nDimsPerStep > 0 && nDimsPerStep < dims.length;
        SDVariable chosen = sampled ? Ops.sampleMask(sd, dims.length, nDimsPerStep) : null;
        SDVariable total = null;
        for (int i = 0; i < dims.length; i++) {
            int dim = dims[i];
            List<SDVariable> shrunk = new ArrayList<>();
            for (SDVariable e : embeddings) {
                shrunk.add(Ops.normalize(sd, Ops.firstColumns(e, dim)));
            }
            SDVariable dimLabels = truncateLabels ? Ops.firstColumns(labels, dim) : labels;
            SDVariable value = GuidedLoss.needsGuide(loss)
                    ? ((GuidedLoss) loss).compute(sd, shrunk, guideEmbeddings, dimLabels)
                    : loss.compute(sd, shrunk, dimLabels);
            SDVariable weighted = value.mul(weights[i]);
            if (sampled) {
                weighted = weighted.mul(Ops.entry(chosen, i));
            }
            total = total == null ? weighted : total.add(weighted);
        }
        return total;
    }

    @Override
    public ColumnRequirements requirements() {
        return loss.requirements();
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("loss", loss.name());
        config.put("matryoshka_dims", Arrays.stream(dims).boxed().toList());
        config.put("matryoshka_weights", Arrays.stream(weights).boxed().toList());
        config.put("n_dims_per_step", nDimsPerStep);
        return config;
    }

    @Override
    public String citation() {
        return Citations.MATRYOSHKA;
    }
}
