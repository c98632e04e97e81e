package io.st4j.core.train;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A loss that also needs a guide model's embeddings of the same columns (GISTEmbedLoss, or a
 * MatryoshkaLoss around it). Trainer hook: when {@link #needsGuide(Loss)}, encode every input column with
 * the guide model as well, without gradients, and call
 * {@link #compute(SameDiff, List, List, SDVariable)} with those embeddings as constants or placeholders.
 */
public interface GuidedLoss extends Loss {

    /**
     * Builds the loss.
     *
     * @param embeddings      the trained model's {@code [batch, dim]} embeddings, one per input column
     * @param guideEmbeddings the guide model's embeddings of the same columns (no gradient flows into them)
     * @param labels          the label column, or null
     */
    SDVariable compute(SameDiff sd, List<SDVariable> embeddings, List<SDVariable> guideEmbeddings, SDVariable labels);

    /** The guide model's name or path, for the config; null when no guide is needed (a wrapper around an unguided loss). */
    String guide();

    /** Whether the trainer must supply guide embeddings for {@code loss}. */
    static boolean needsGuide(Loss loss) {
        return loss instanceof GuidedLoss guided && guided.guide() != null;
    }

    /** Always fails: this loss cannot be built without the guide's embeddings. */
    @Override
    default SDVariable compute(SameDiff sd, List<SDVariable> embeddings, SDVariable labels) {
        throw new IllegalStateException(name() + " needs the guide model's embeddings of every input column: "
                + "call compute(sd, embeddings, guideEmbeddings, labels)");
    }
}
