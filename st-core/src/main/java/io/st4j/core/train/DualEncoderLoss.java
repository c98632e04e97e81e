package io.st4j.core.train;

/**
 * A Contrastive Tension loss: two encoders, a trainable copy of the model (made once, when the trainer
 * is built) and the model itself, which is the one kept. Trainer hook: {@link Loss#compute} receives two
 * embeddings, the copy's embedding of the first input column and the model's embedding of the last input
 * column (the same column when the dataset has one); the copy's parameters are trained too, named as the model's
 * with the prefix {@code copy/}, and a checkpoint keeps them with the loss's own parameters
 * ({@code loss_parameters.safetensors}), never in the model folder.
 */
public interface DualEncoderLoss extends Loss {
}
