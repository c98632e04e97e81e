package io.st4j.losses;

import io.st4j.core.SimilarityFunction;
import io.st4j.core.train.DualEncoderLoss;
import io.st4j.data.ColumnRequirements;
import io.st4j.data.LabelType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Contrastive Tension with in-batch negatives: the symmetric cross-entropy of the similarity matrix
 * between the two encoders' embeddings (see {@link DualEncoderLoss}), scaled by {@code exp(logit_scale)},
 * a trainable parameter of the loss initialised to {@code log(scale)} and registered as {@link #LOGIT_SCALE}.
 */
public class ContrastiveTensionLossInBatchNegatives implements DualEncoderLoss {

    /** The graph variable name of the trainable log scale. */
    public static final String LOGIT_SCALE = "ContrastiveTensionLossInBatchNegatives/logit_scale";

    private final SimilarityFunction similarity;
    private final INDArray logitScale;

    /** Scale 20, cosine similarity. */
    public ContrastiveTensionLossInBatchNegatives() {
        this(20.0, SimilarityFunction.COSINE);
    }

    public ContrastiveTensionLossInBatchNegatives(double scale, SimilarityFunction similarity) {
        this.similarity = similarity;
        this.logitScale = Nd4j.scalar((float) Math.log(scale));
    }

    /** The current scale, {@code exp(logit_scale)}. */
    public double scale() {
        return Math.exp(logitScale.getDouble(0));
    }

    @Override
    public SDVariable compute(SameDiff sd, List<SDVariable> embeddings, SDVariable labels) {
        if (embeddings.size() != 2) {
            throw new IllegalArgumentException(name() + " needs 2 embeddings (copy encoder, model) but got " + embeddings.size());
        }
        SDVariable a = embeddings.get(0);
        SDVariable scale = sd.math.exp(Ops.parameter(sd, LOGIT_SCALE, logitScale));
        SDVariable scores = Similarities.matrix(sd, similarity, a, embeddings.get(1)).mul(scale);
        SDVariable diagonal = scores.mul(Ops.eye(sd, a)).sum(1);
        SDVariable forward = Ops.crossEntropy(sd, scores, diagonal);
        SDVariable backward = Ops.crossEntropy(sd, sd.permute(scores, 1, 0), diagonal);
        return forward.add(backward).div(2.0);
    }

    @Override
    public ColumnRequirements requirements() {
        return ColumnRequirements.exactly(1, LabelType.NONE);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("scale", scale());
        config.put("similarity_fct", Similarities.matrixName(similarity));
        return config;
    }

    @Override
    public String citation() {
        return Citations.CONTRASTIVE_TENSION;
    }
}
