package io.st4j.losses;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The mean squared error between student embeddings and teacher embeddings in the label column
 * (multilingual knowledge distillation, Reimers and Gurevych 2020): {@link EmbedDistillLoss} with
 * {@link EmbedDistillLoss.DistanceMetric#MSE}.
 */
public class MSELoss extends EmbedDistillLoss {

    /** No projection. */
    public MSELoss() {
        super(DistanceMetric.MSE);
    }

    /** With a learnable projection from {@code studentDim} to {@code projectionDim}. */
    public MSELoss(int studentDim, int projectionDim, Random random) {
        super(DistanceMetric.MSE, studentDim, projectionDim, random);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("projection_dim", super.config().get("projection_dim"));
        return config;
    }

    @Override
    public String citation() {
        return Citations.MULTILINGUAL;
    }
}
