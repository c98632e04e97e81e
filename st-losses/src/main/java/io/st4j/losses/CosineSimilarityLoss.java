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

/** The mean squared error between the cosine similarity of each pair and its gold score ({@code nn.MSELoss}, identity transform). */
public class CosineSimilarityLoss implements Loss {

    @Override
    public SDVariable compute(SameDiff sd, List<SDVariable> embeddings, SDVariable labels) {
        LossRequirements.checkCompute(this, embeddings.size(), labels != null);
        SDVariable cos = Similarities.pairwise(sd, SimilarityFunction.COSINE, embeddings.get(0), embeddings.get(1));
        return cos.sub(Ops.labelColumn(labels).reshape(-1)).pow(2).mean();
    }

    @Override
    public ColumnRequirements requirements() {
        return ColumnRequirements.exactly(2, LabelType.FLOAT);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("loss_fct", "torch.nn.modules.loss.MSELoss");
        config.put("cos_score_transformation", "torch.nn.modules.linear.Identity");
        return config;
    }

    @Override
    public String citation() {
        return Citations.SBERT;
    }
}
