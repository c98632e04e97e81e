package io.st4j.losses;

import io.st4j.core.SimilarityFunction;
import io.st4j.core.train.Loss;
import io.st4j.data.ColumnRequirements;
import io.st4j.data.LabelType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Global Orthogonal Regularization (Zhang et al. 2017), a regulariser to add to another loss. For each
 * input column, over the off-diagonal similarities {@code s} of its embeddings: the mean term
 * {@code mean(s)^2} and the second-moment term {@code relu(mean(s^2) - 1/d)}; each aggregated over the
 * columns (mean or sum) and weighted; the result is their sum (the library returns them as two named
 * components, which the trainer adds).
 */
public class GlobalOrthogonalRegularizationLoss implements Loss {

    /** How the per-column terms are combined. */
    public enum Aggregation {
        MEAN, SUM
    }

    private final SimilarityFunction similarity;
    private final double meanWeight;
    private final double secondMomentWeight;
    private final Aggregation aggregation;

    /** Cosine similarity, both weights 1, mean aggregation. */
    public GlobalOrthogonalRegularizationLoss() {
        this(SimilarityFunction.COSINE, 1.0, 1.0, Aggregation.MEAN);
    }

    public GlobalOrthogonalRegularizationLoss(SimilarityFunction similarity, double meanWeight, double secondMomentWeight, Aggregation aggregation) {
        if (meanWeight == 0 && secondMomentWeight == 0) {
            throw new IllegalArgumentException("At least one of mean_weight or second_moment_weight must be non-zero");
        }
        this.similarity = similarity;
        this.meanWeight = meanWeight;
        this.secondMomentWeight = secondMomentWeight;
        this.aggregation = aggregation;
    }

    @Override
    public SDVariable compute(SameDiff sd, List<SDVariable> embeddings, SDVariable labels) {
        LossRequirements.checkCompute(this, embeddings.size(), labels != null);
        SDVariable meanTerms = null;
        SDVariable secondTerms = null;
        for (SDVariable x : embeddings) {
            SDVariable eye = Ops.eye(sd, x);
            SDVariable sims = Similarities.matrix(sd, similarity, x, x).mul(eye.rsub(1.0));
            SDVariable rows = eye.sum();
            SDVariable offDiagonal = rows.mul(rows.sub(1.0));
            SDVariable width = sd.onesLike(Ops.noGrad(sd, x)).sum().div(rows);
            SDVariable meanTerm = sims.sum().div(offDiagonal).pow(2);
            SDVariable secondMoment = sims.pow(2).sum().div(offDiagonal);
            SDVariable secondTerm = sd.nn.relu(secondMoment.sub(width.rdiv(1.0)), 0);
            meanTerms = meanTerms == null ? meanTerm : meanTerms.add(meanTerm);
            secondTerms = secondTerms == null ? secondTerm : secondTerms.add(secondTerm);
        }
        if (aggregation == Aggregation.MEAN) {
            meanTerms = meanTerms.div(embeddings.size());
            secondTerms = secondTerms.div(embeddings.size());
        }
        if (meanWeight == 0) {
            return secondTerms.mul(secondMomentWeight);
        }
        if (secondMomentWeight == 0) {
            return meanTerms.mul(meanWeight);
        }
        return meanTerms.mul(meanWeight).add(secondTerms.mul(secondMomentWeight));
    }

    @Override
    public ColumnRequirements requirements() {
        return ColumnRequirements.atLeast(1, LabelType.NONE);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("similarity_fct", Similarities.matrixName(similarity));
        config.put("mean_weight", meanWeight);
        config.put("second_moment_weight", secondMomentWeight);
        config.put("aggregation", aggregation.name().toLowerCase(Locale.ROOT));
        return config;
    }

    @Override
    public String citation() {
        return Citations.GOR;
    }
}
