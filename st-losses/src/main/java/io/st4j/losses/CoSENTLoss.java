package io.st4j.losses;

import io.st4j.core.SimilarityFunction;
import io.st4j.core.train.Loss;
import io.st4j.data.ColumnRequirements;
import io.st4j.data.LabelType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * CoSENT: for every two pairs (i, j) of the batch whose gold score has i below j, penalises the model
 * scoring i above j: {@code log(1 + sum exp(scale * (s_i - s_j)))}.
 */
public class CoSENTLoss implements Loss {

    private final double scale;
    private final SimilarityFunction similarity;

    /** Scale 20, pairwise cosine similarity. */
    public CoSENTLoss() {
        this(20.0, SimilarityFunction.COSINE);
    }

    public CoSENTLoss(double scale, SimilarityFunction similarity) {
        this.scale = scale;
        this.similarity = similarity;
    }

    /** The pairwise score of each (a, b) row. */
    protected SDVariable pairScores(SameDiff sd, SDVariable a, SDVariable b) {
        return Similarities.pairwise(sd, similarity, a, b);
    }

    protected String similarityName() {
        return Similarities.pairwiseName(similarity);
    }

    @Override
    public SDVariable compute(SameDiff sd, List<SDVariable> embeddings, SDVariable labels) {
        LossRequirements.checkCompute(this, embeddings.size(), labels != null);
        SDVariable scores = pairScores(sd, embeddings.get(0), embeddings.get(1)).mul(scale).reshape(-1, 1);
        SDVariable diffs = scores.sub(sd.permute(scores, 1, 0));
        SDVariable gold = Ops.labelColumn(labels);
        SDVariable ordered = Ops.mask(sd.lt(gold, sd.permute(gold, 1, 0)));
        SDVariable masked = diffs.sub(ordered.rsub(1.0).mul(1e12));
        SDVariable all = sd.concat(1, Ops.zero11(sd), masked.reshape(1, -1));
        return Ops.logSumExp(sd, all, 1).reshape(new long[0]);
    }

    @Override
    public ColumnRequirements requirements() {
        return ColumnRequirements.exactly(2, LabelType.FLOAT);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("scale", scale);
        config.put("similarity_fct", similarityName());
        return config;
    }

    @Override
    public String citation() {
        return Citations.COSENT;
    }
}
