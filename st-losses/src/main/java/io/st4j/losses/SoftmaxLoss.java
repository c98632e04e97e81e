package io.st4j.losses;

import io.st4j.core.train.Loss;
import io.st4j.data.ColumnRequirements;
import io.st4j.data.LabelType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SBERT's NLI objective: a linear classifier over {@code [u, v, |u - v|]} (optionally {@code u * v}) with
 * cross-entropy. The classifier is trained with the model but belongs to the loss and is not saved with
 * the model; its arrays are registered in each graph under {@link #WEIGHT} and {@link #BIAS}, so an
 * optimizer that updates graph variables in place updates them here too.
 */
public class SoftmaxLoss implements Loss {

    /** The graph variable name of the classifier weight {@code [numLabels, inputs]}. */
    public static final String WEIGHT = "SoftmaxLoss/classifier.weight";
    /** The graph variable name of the classifier bias {@code [numLabels]}. */
    public static final String BIAS = "SoftmaxLoss/classifier.bias";

    private final int embeddingDimension;
    private final int numLabels;
    private final boolean concatenationSentRep;
    private final boolean concatenationSentDifference;
    private final boolean concatenationSentMultiplication;
    private INDArray weight;
    private INDArray bias;

    /** {@code [u, v, |u - v|]}, classifier initialised as torch's {@code nn.Linear} with seed 42. */
    public SoftmaxLoss(int embeddingDimension, int numLabels) {
        this(embeddingDimension, numLabels, true, true, false, new Random(42));
    }

    public SoftmaxLoss(int embeddingDimension, int numLabels, boolean concatenationSentRep,
            boolean concatenationSentDifference, boolean concatenationSentMultiplication, Random random) {
        this.embeddingDimension = embeddingDimension;
        this.numLabels = numLabels;
        this.concatenationSentRep = concatenationSentRep;
        this.concatenationSentDifference = concatenationSentDifference;
        this.concatenationSentMultiplication = concatenationSentMultiplication;
        int inputs = inputs();
        if (inputs == 0) {
            throw new IllegalArgumentException("SoftmaxLoss needs at least one of the concatenation options");
        }
        this.weight = Ops.linearInit(random, inputs, numLabels, inputs);
        this.bias = Ops.linearInit(random, inputs, numLabels);
    }

    private int inputs() {
        return ((concatenationSentRep ? 2 : 0) + (concatenationSentDifference ? 1 : 0)
                + (concatenationSentMultiplication ? 1 : 0)) * embeddingDimension;
    }

    /** Replaces the classifier's weights ({@code [numLabels, inputs]}) and bias ({@code [numLabels]}). */
    public void setClassifier(INDArray weight, INDArray bias) {
        if (weight.rank() != 2 || weight.size(0) != numLabels || weight.size(1) != inputs() || bias.length() != numLabels) {
            throw new IllegalArgumentException("SoftmaxLoss classifier must be [" + numLabels + ", " + inputs() + "] and ["
                    + numLabels + "], got " + Arrays.toString(weight.shape()) + " and " + Arrays.toString(bias.shape()));
        }
        this.weight = weight.castTo(DataType.FLOAT).dup();
        this.bias = bias.castTo(DataType.FLOAT).reshape(numLabels).dup();
    }

    public INDArray weight() {
        return weight;
    }

    public INDArray bias() {
        return bias;
    }

    @Override
    public SDVariable compute(SameDiff sd, List<SDVariable> embeddings, SDVariable labels) {
        LossRequirements.checkCompute(this, embeddings.size(), labels != null);
        SDVariable u = embeddings.get(0);
        SDVariable v = embeddings.get(1);
        List<SDVariable> features = new ArrayList<>();
        if (concatenationSentRep) {
            features.add(u);
            features.add(v);
        }
        if (concatenationSentDifference) {
            features.add(sd.math.abs(u.sub(v)));
        }
        if (concatenationSentMultiplication) {
            features.add(u.mul(v));
        }
        SDVariable x = features.size() == 1 ? features.get(0) : sd.concat(1, features.toArray(new SDVariable[0]));
        SDVariable w = Ops.parameter(sd, WEIGHT, weight);
        SDVariable b = Ops.parameter(sd, BIAS, bias);
        SDVariable logits = Ops.mmulT(sd, x, w).add(b);
        SDVariable classes = sd.constant(Nd4j.arange(numLabels).castTo(DataType.FLOAT).reshape(1, numLabels));
        SDVariable oneHot = Ops.mask(sd.eq(Ops.labelColumn(labels), classes));
        return Ops.crossEntropy(sd, logits, logits.mul(oneHot).sum(1));
    }

    @Override
    public ColumnRequirements requirements() {
        return ColumnRequirements.exactly(2, LabelType.INTEGER);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("embedding_dimension", embeddingDimension);
        config.put("num_labels", numLabels);
        config.put("concatenation_sent_rep", concatenationSentRep);
        config.put("concatenation_sent_difference", concatenationSentDifference);
        config.put("concatenation_sent_multiplication", concatenationSentMultiplication);
        return config;
    }

    @Override
    public String citation() {
        return Citations.SBERT;
    }
}
