package io.st4j.core.train;

import io.st4j.data.ColumnRequirements;
import io.st4j.data.LabelType;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * GradCache's third pass as a loss over one column: the embeddings dotted with their cached gradients,
 * which arrive as the "labels" ({@link GradCache#surrogate}).
 */
final class SurrogateLoss implements Loss {

    @Override
    public SDVariable compute(SameDiff sd, List<SDVariable> embeddings, SDVariable labels) {
        return GradCache.surrogate(embeddings.get(0), labels);
    }

    @Override
    public ColumnRequirements requirements() {
        return ColumnRequirements.exactly(1, LabelType.FLOAT_VECTOR);
    }

    @Override
    public Map<String, Object> config() {
        return Map.of();
    }
}
