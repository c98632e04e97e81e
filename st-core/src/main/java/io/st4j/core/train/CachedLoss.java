package io.st4j.core.train;

import java.util.OptionalInt;

/**
 * A GradCache loss (Gao et al. 2021, sentence-transformers' Cached* losses): its value on the full batch
 * of embeddings is the plain loss's, but the trainer computes it in three passes so that memory does not
 * grow with the batch:
 * <ol>
 *   <li>embed each column in mini-batches of {@link #miniBatchSize()} rows without gradients;</li>
 *   <li>{@link GradCache#lossAndGradients} on the concatenated embeddings: the loss value and the gradient
 *       with respect to every embedding row (and to the loss's own parameters, if any);</li>
 *   <li>for each mini-batch again, embed with gradients and backpropagate {@link GradCache#surrogate}, the
 *       embeddings dotted with their cached gradients; the parameter gradients summed over the mini-batches
 *       are those of the plain loss.</li>
 * </ol>
 * Dropout masks must repeat between passes 1 and 3 (the library restores the RNG state per mini-batch).
 */
public interface CachedLoss extends Loss {

    /** Rows per mini-batch in passes 1 and 3; empty when this loss (a wrapper around a plain loss) needs no caching. */
    OptionalInt miniBatchSize();

    /** The GradCache mini-batch size of {@code loss}, empty when it is trained in one pass. */
    static OptionalInt miniBatchSizeOf(Loss loss) {
        return loss instanceof CachedLoss cached ? cached.miniBatchSize() : OptionalInt.empty();
    }
}
