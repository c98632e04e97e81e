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
 * ParaNMT's mega-batch margin loss: for each (anchor, positive), the hardest other positive of the batch
 * is its negative; {@code relu(positive_margin - cos(a, p)) + relu(cos(a, n) - negative_margin)}, averaged.
 *
 * <p>With {@code useMiniBatchedVersion} (the default) sentence-transformers 5.1.2 walks the rows in
 * mini-batches but, because of its check {@code end_idx < len(cos_scores)} against the mini-batch's own
 * length, never back-propagates inside the loop: only the last mini-batch's mean counts, for the value and
 * for the gradients. This class reproduces that. The hardest negatives are searched over the whole batch
 * either way.
 */
public class MegaBatchMarginLoss implements Loss {

    private final double positiveMargin;
    private final double negativeMargin;
    private final boolean useMiniBatchedVersion;
    private final int miniBatchSize;

    /** Margins 0.8 and 0.3, mini-batched version with mini-batches of 50. */
    public MegaBatchMarginLoss() {
        this(0.8, 0.3, true, 50);
    }

    public MegaBatchMarginLoss(double positiveMargin, double negativeMargin, boolean useMiniBatchedVersion, int miniBatchSize) {
        if (miniBatchSize < 1) {
            throw new IllegalArgumentException("mini_batch_size must be positive, got " + miniBatchSize);
        }
        this.positiveMargin = positiveMargin;
        this.negativeMargin = negativeMargin;
        this.useMiniBatchedVersion = useMiniBatchedVersion;
        this.miniBatchSize = miniBatchSize;
    }

    @Override
    public SDVariable compute(SameDiff sd, List<SDVariable> embeddings, SDVariable labels) {
        LossRequirements.checkCompute(this, embeddings.size(), labels != null);
        SDVariable anchors = embeddings.get(0);
        SDVariable cos = Similarities.matrix(sd, SimilarityFunction.COSINE, anchors, embeddings.get(1));
        SDVariable eye = Ops.eye(sd, anchors);
        SDVariable positive = cos.mul(eye).sum(1);
        SDVariable hardestNegative = cos.sub(eye.mul(2.0)).max(1);
        SDVariable losses = sd.nn.relu(positive.rsub(positiveMargin), 0).add(sd.nn.relu(hardestNegative.sub(negativeMargin), 0));
        if (!useMiniBatchedVersion) {
            return losses.mean();
        }
        SDVariable rowNumber = Ops.rowNumbers(sd, anchors).reshape(-1); // 1..B
        SDVariable rows = rowNumber.max();
        SDVariable lastStart = sd.math.floor(rows.sub(1.0).div(miniBatchSize)).mul(miniBatchSize);
        SDVariable inLast = Ops.mask(sd.gt(rowNumber, lastStart));
        return losses.mul(inLast).sum().div(inLast.sum());
    }

    @Override
    public ColumnRequirements requirements() {
        return ColumnRequirements.exactly(2, LabelType.NONE);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("positive_margin", positiveMargin);
        config.put("negative_margin", negativeMargin);
        config.put("use_mini_batched_version", useMiniBatchedVersion);
        config.put("mini_batch_size", miniBatchSize);
        return config;
    }

    @Override
    public String citation() {
        return Citations.MEGA_BATCH;
    }
}
