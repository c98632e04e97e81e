package io.st4j.losses;

import io.st4j.core.train.Loss;

/**
 * A GradCache loss (Gao et al. 2021): its value on the full batch of embeddings equals the plain loss, but
 * the trainer computes it in three passes so that memory does not grow with the batch. Trainer hook:
 * <ol>
 *   <li>embed each column in mini-batches of {@link #miniBatchSize()} rows without building a gradient graph;</li>
 *   <li>{@link GradCache#lossAndGradients} on the concatenated embeddings: the loss value and the gradient with
 *       respect to every embedding row;</li>
 *   <li>for each mini-batch again, embed with a gradient graph and backpropagate
 *       {@link GradCache#surrogate} (the embeddings dotted with their cached gradients); the parameter gradients
 *       summed over the mini-batches are those of the plain loss.</li>
 * </ol>
 * Dropout masks must repeat between passes 1 and 3 (the library restores the RNG state per mini-batch).
 */
public interface CachedLoss extends Loss {

    /** Rows per mini-batch in passes 1 and 3. */
    int miniBatchSize();
}
