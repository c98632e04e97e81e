package io.st4j.losses;

import io.st4j.core.SimilarityFunction;
import io.st4j.core.train.Loss;
import io.st4j.data.ColumnRequirements;
import io.st4j.data.LabelType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * KL divergence between the teacher's and the student's softmax over each query's candidates
 * (query, positive, negative_1..k), batch-mean, times the student temperature squared. Labels: the
 * teacher's scores {@code [batch, k + 1]}, positive first.
 */
public class DistillKLDivLoss implements Loss {

    private final SimilarityFunction similarity;
    private final double temperature;
    private final double studentTemperature;
    private final double teacherTemperature;

    /** Pairwise dot product, temperature 1. */
    public DistillKLDivLoss() {
        this(SimilarityFunction.DOT, 1.0);
    }

    public DistillKLDivLoss(SimilarityFunction similarity, double temperature) {
        this(similarity, temperature, temperature, temperature);
    }

    /** With separate student and teacher temperatures. */
    public DistillKLDivLoss(SimilarityFunction similarity, double temperature, double studentTemperature, double teacherTemperature) {
        for (double t : new double[] {temperature, studentTemperature, teacherTemperature}) {
            if (!(t > 0) || Double.isInfinite(t)) {
                throw new IllegalArgumentException("DistillKLDivLoss temperatures must be positive and finite, got " + t);
            }
        }
        this.similarity = similarity;
        this.temperature = temperature;
        this.studentTemperature = studentTemperature;
        this.teacherTemperature = teacherTemperature;
    }

    @Override
    public SDVariable compute(SameDiff sd, List<SDVariable> embeddings, SDVariable labels) {
        LossRequirements.checkCompute(this, embeddings.size(), labels != null);
        SDVariable query = embeddings.get(0);
        List<SDVariable> scores = new ArrayList<>();
        for (int j = 1; j < embeddings.size(); j++) {
            scores.add(Similarities.pairwise(sd, similarity, query, embeddings.get(j)));
        }
        SDVariable studentLogProbs = Ops.logSoftmax(sd, Ops.columnsOf(sd, scores).div(studentTemperature), 1);
        SDVariable teacherLogits = Ops.noGrad(sd, labels.castTo(DataType.FLOAT)).div(teacherTemperature);
        SDVariable teacherLogProbs = Ops.logSoftmax(sd, teacherLogits, 1);
        SDVariable teacherProbs = sd.math.exp(teacherLogProbs);
        SDVariable kl = teacherProbs.mul(teacherLogProbs.sub(studentLogProbs)).sum();
        SDVariable rows = Ops.rowNumbers(sd, query).max();
        return kl.div(rows).mul(studentTemperature * studentTemperature);
    }

    @Override
    public ColumnRequirements requirements() {
        return ColumnRequirements.atLeast(3, LabelType.FLOAT_VECTOR);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("similarity_fct", Similarities.pairwiseName(similarity));
        config.put("temperature", temperature);
        if (studentTemperature != temperature) {
            config.put("student_temperature", studentTemperature);
        }
        if (teacherTemperature != temperature) {
            config.put("teacher_temperature", teacherTemperature);
        }
        return config;
    }

    @Override
    public String citation() {
        return Citations.DISTILL_KL;
    }
}
