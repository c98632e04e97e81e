package io.st4j.losses;

import io.st4j.core.SimilarityFunction;
import io.st4j.core.train.Loss;
import io.st4j.data.ColumnRequirements;
import io.st4j.data.LabelType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Margin-MSE (Hofstätter et al.): for (query, positive, negative_1..k) rows, the MSE between the student's
 * margins {@code sim(q, p) - sim(q, n_j)} and the teacher's. The labels are the teacher margins
 * ({@code [batch]} or {@code [batch, k]}) or the raw teacher scores {@code [batch, k + 1]} (positive first),
 * which are turned into margins. The label width must be known when the graph is built (a
 * {@code [-1, k]} placeholder).
 */
public class MarginMSELoss implements Loss {

    private final SimilarityFunction similarity;

    /** Pairwise dot product. */
    public MarginMSELoss() {
        this(SimilarityFunction.DOT);
    }

    public MarginMSELoss(SimilarityFunction similarity) {
        this.similarity = similarity;
    }

    @Override
    public SDVariable compute(SameDiff sd, List<SDVariable> embeddings, SDVariable labels) {
        LossRequirements.checkCompute(this, embeddings.size(), labels != null);
        SDVariable query = embeddings.get(0);
        SDVariable positive = Similarities.pairwise(sd, similarity, query, embeddings.get(1));
        List<SDVariable> margins = new ArrayList<>();
        for (int j = 2; j < embeddings.size(); j++) {
            margins.add(positive.sub(Similarities.pairwise(sd, similarity, query, embeddings.get(j))));
        }
        int negatives = margins.size();
        SDVariable predicted = Ops.columnsOf(sd, margins);
        SDVariable teacher = labels.castTo(DataType.FLOAT);
        long[] shape = labels.getShape();
        long width = shape == null || shape.length < 2 ? 1 : shape[1];
        if (width == negatives + 1) {
            teacher = Ops.firstColumns(teacher, 1).sub(Ops.columns(teacher, 1, negatives + 1));
        } else if (width == negatives) {
            teacher = teacher.reshape(-1, negatives);
        } else {
            throw new IllegalArgumentException(name() + " with " + negatives + " negative column(s) needs labels of width "
                    + negatives + " (teacher margins) or " + (negatives + 1) + " (raw teacher scores), known when the graph "
                    + "is built; got label shape " + Arrays.toString(shape));
        }
        return predicted.sub(teacher).pow(2).mean();
    }

    @Override
    public ColumnRequirements requirements() {
        return ColumnRequirements.atLeast(3, LabelType.ANY);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("similarity_fct", Similarities.pairwiseName(similarity));
        return config;
    }

    @Override
    public String citation() {
        return Citations.MARGIN_MSE;
    }
}
