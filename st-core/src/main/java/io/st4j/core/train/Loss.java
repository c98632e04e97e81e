package io.st4j.core.train;

import io.st4j.data.ColumnRequirements;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A training objective: adds its terms to a SameDiff graph on top of the per-column sentence
 * embeddings, as sentence-transformers' loss modules do in their {@code forward}.
 *
 * <p>A loss that owns trainable parameters (e.g. SoftmaxLoss's classifier) keeps their arrays itself
 * and registers them with {@code sd.var(name, array)} on every call, so that graphs built again share them.
 */
public interface Loss {

    /**
     * Builds the loss.
     *
     * @param sd         the graph to add to
     * @param embeddings one {@code [batch, dim]} float variable per input column, in column order
     * @param labels     the label column ({@code [batch]} or {@code [batch, k]}), or null when the loss takes none
     * @return a scalar variable: the loss to minimise
     */
    SDVariable compute(SameDiff sd, List<SDVariable> embeddings, SDVariable labels);

    /** The columns this loss needs, so that a mismatched dataset is explained before training. */
    ColumnRequirements requirements();

    /** The loss's arguments as sentence-transformers' {@code get_config_dict} gives them (for the model card). */
    Map<String, Object> config();

    /** The BibTeX citation of the method, or null. */
    default String citation() {
        return null;
    }

    /** The class name as sentence-transformers spells it, e.g. {@code MultipleNegativesRankingLoss}. */
    default String name() {
        return getClass().getSimpleName();
    }
}
