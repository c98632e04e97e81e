package io.st4j.core.testing;

import io.st4j.core.train.GradientStep;
import io.st4j.core.train.Loss;
import io.st4j.data.ColumnRequirements;
import io.st4j.data.LabelType;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Test helpers comparing the two training paths (lean Transformer pass and SameDiff training graph). */
public final class TrainPaths {

    private TrainPaths() {
    }

    /** Runs {@code action} with {@link GradientStep#TRAIN_PATH_PROPERTY} set to {@code path}, then restores it. */
    public static <T> T withPath(String path, Supplier<T> action) {
        String before = System.getProperty(GradientStep.TRAIN_PATH_PROPERTY);
        System.setProperty(GradientStep.TRAIN_PATH_PROPERTY, path);
        try {
            return action.get();
        } finally {
            if (before == null) {
                System.clearProperty(GradientStep.TRAIN_PATH_PROPERTY);
            } else {
                System.setProperty(GradientStep.TRAIN_PATH_PROPERTY, before);
            }
        }
    }

    /** The parameter whose gradient differs most between two steps, and by how much relative to its scale. */
    public record Difference(String name, double relative) {
    }

    /**
     * The largest difference between matching gradients, each relative to its own largest entry, except the
     * attention key biases: they shift every score of a softmax row alike, so their gradient is 0 up to rounding
     * and is measured against the largest gradient entry of the whole model.
     */
    public static Difference largestDifference(Map<String, INDArray> expected, Map<String, INDArray> actual) {
        double largest = 0;
        for (INDArray g : expected.values()) {
            largest = Math.max(largest, g.amaxNumber().doubleValue());
        }
        Difference worst = new Difference(null, 0);
        for (Map.Entry<String, INDArray> e : expected.entrySet()) {
            INDArray g = e.getValue();
            double scale = isKeyBias(e.getKey()) ? largest : g.amaxNumber().doubleValue();
            double diff = Transforms.abs(g.sub(actual.get(e.getKey()).reshape(g.shape()))).maxNumber().doubleValue()
                    / scale;
            if (diff > worst.relative()) {
                worst = new Difference(e.getKey(), diff);
            }
        }
        return worst;
    }

    private static boolean isKeyBias(String name) {
        return name.endsWith(".attention.self.key.bias") || name.endsWith(".attention.k_lin.bias");
    }

    /**
     * Multiple-negatives ranking over two columns of unit embeddings (as MultipleNegativesRankingLoss with scale
     * 20, without st-losses): cross-entropy of the scaled dot products with the diagonal.
     */
    public static Loss inBatchRankingLoss(int batchSize) {
        return new Loss() {
            @Override
            public SDVariable compute(SameDiff sd, List<SDVariable> embeddings, SDVariable labels) {
                SDVariable scores = sd.mmul(embeddings.get(0), embeddings.get(1), false, true, false).mul(20.0);
                // Scores of unit vectors times 20: exp cannot overflow.
                SDVariable logProbabilities = scores.sub(sd.math.log(sd.math.exp(scores).sum(true, 1)));
                return logProbabilities.mul(sd.constant(Nd4j.eye(batchSize))).sum().neg().div(batchSize);
            }

            @Override
            public ColumnRequirements requirements() {
                return ColumnRequirements.exactly(2, LabelType.NONE);
            }

            @Override
            public Map<String, Object> config() {
                return Map.of();
            }

            @Override
            public String name() {
                return "InBatchRankingLoss";
            }
        };
    }
}
