package io.st4j.losses;

import io.st4j.core.train.Loss;
import io.st4j.data.ColumnRequirements;
import io.st4j.data.LabelType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Embedding distillation (EmbedDistill, Kim et al. 2023): each column's student embedding against
 * pre-computed teacher embeddings in the label column ({@code [batch, dim]}, shared by every column, or
 * {@code [batch, columns, dim]}); the per-column distances are averaged. An optional learnable projection
 * ({@code nn.Linear(student_dim, projection_dim)}) maps the student into the teacher's space; it belongs to
 * the loss (graph names {@link #PROJECTION_WEIGHT}, {@link #PROJECTION_BIAS}) and is not saved with the model.
 */
public class EmbedDistillLoss implements Loss {

    public static final String PROJECTION_WEIGHT = "EmbedDistillLoss/projection.weight";
    public static final String PROJECTION_BIAS = "EmbedDistillLoss/projection.bias";

    /** How a student embedding is compared with its teacher embedding. */
    public enum DistanceMetric {
        /** Mean squared error over all elements. */
        MSE,
        /** Mean Euclidean distance of the rows. */
        L2,
        /** Mean of {@code 1 - cosine similarity} of the rows. */
        COSINE
    }

    private final DistanceMetric distanceMetric;
    private final Integer projectionDim;
    private INDArray projectionWeight;
    private INDArray projectionBias;

    /** Cosine distance, no projection. */
    public EmbedDistillLoss() {
        this(DistanceMetric.COSINE);
    }

    public EmbedDistillLoss(DistanceMetric distanceMetric) {
        this.distanceMetric = distanceMetric;
        this.projectionDim = null;
    }

    /** With a learnable projection from {@code studentDim} to {@code projectionDim}, initialised as torch's {@code nn.Linear} (seeded). */
    public EmbedDistillLoss(DistanceMetric distanceMetric, int studentDim, int projectionDim, Random random) {
        this.distanceMetric = distanceMetric;
        this.projectionDim = projectionDim;
        this.projectionWeight = Ops.linearInit(random, studentDim, projectionDim, studentDim);
        this.projectionBias = Ops.linearInit(random, studentDim, projectionDim);
    }

    /** The projection's weight {@code [projection_dim, student_dim]}, or null without a projection. */
    public INDArray projectionWeight() {
        return projectionWeight;
    }

    /** The projection's bias, or null without a projection. */
    public INDArray projectionBias() {
        return projectionBias;
    }

    @Override
    public SDVariable compute(SameDiff sd, List<SDVariable> embeddings, SDVariable labels) {
        LossRequirements.checkCompute(this, embeddings.size(), labels != null);
        long[] labelShape = labels.getShape();
        boolean perColumn = labelShape != null && labelShape.length == 3;
        if (perColumn && labelShape[1] != embeddings.size()) {
            throw new IllegalArgumentException(name() + ": the labels hold teacher embeddings for " + labelShape[1]
                    + " columns but there are " + embeddings.size() + " input columns; pass [batch, " + embeddings.size()
                    + ", dim] or [batch, dim] labels");
        }
        SDVariable teacherAll = Ops.noGrad(sd, labels.castTo(DataType.FLOAT));
        SDVariable total = null;
        for (int i = 0; i < embeddings.size(); i++) {
            SDVariable student = embeddings.get(i);
            if (projectionWeight != null) {
                student = Ops.mmulT(sd, student, Ops.parameter(sd, PROJECTION_WEIGHT, projectionWeight))
                        .add(Ops.parameter(sd, PROJECTION_BIAS, projectionBias));
            }
            SDVariable teacher = perColumn ? teacherAll.get(SDIndex.all(), SDIndex.point(i), SDIndex.all()) : teacherAll;
            SDVariable columnLoss = distance(sd, student, teacher);
            total = total == null ? columnLoss : total.add(columnLoss);
        }
        return total.div(embeddings.size());
    }

    private SDVariable distance(SameDiff sd, SDVariable student, SDVariable teacher) {
        switch (distanceMetric) {
            case MSE:
                return student.sub(teacher).pow(2).mean();
            case L2:
                return sd.math.sqrt(student.sub(teacher).pow(2).sum(1)).mean();
            case COSINE:
                return Distances.cosine(sd, student, teacher).mean();
            default:
                throw new AssertionError(distanceMetric);
        }
    }

    @Override
    public ColumnRequirements requirements() {
        return ColumnRequirements.atLeast(1, LabelType.FLOAT_VECTOR);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("distance_metric", distanceMetric.name().toLowerCase(Locale.ROOT));
        config.put("projection_dim", projectionDim);
        return config;
    }

    @Override
    public String citation() {
        return Citations.EMBED_DISTILL;
    }
}
