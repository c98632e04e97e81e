/**
 * The sentence-transformers losses, each a {@link io.st4j.core.train.Loss} that adds its terms to a
 * SameDiff graph on top of the per-column embeddings, with the library's class names, defaults, values and
 * gradients.
 *
 * <p>Most losses need nothing but the embeddings and labels. Four kinds need the trainer to do more, each
 * through a small interface here:
 * <ul>
 *   <li>{@link io.st4j.core.train.CachedLoss} (Cached* losses, also inside a {@link io.st4j.losses.MatryoshkaLoss}):
 *       the three GradCache passes, with {@link io.st4j.core.train.GradCache};</li>
 *   <li>{@link io.st4j.core.train.GuidedLoss} (GISTEmbedLoss, CachedGISTEmbedLoss): the guide model's embeddings
 *       of every column;</li>
 *   <li>{@link io.st4j.core.train.DualEncoderLoss} (ContrastiveTension*): a trainable copy of the model encoding
 *       the first column;</li>
 *   <li>{@link io.st4j.losses.AdaptiveLayerLoss} (and Matryoshka2dLoss): embeddings pooled from prior
 *       transformer layers.</li>
 * </ul>
 * {@link io.st4j.losses.LossRequirements#check} explains a dataset whose columns do not fit a loss.
 * DenoisingAutoEncoderLoss (TSDAE) is not here: it needs a decoder.
 */
package io.st4j.losses;
