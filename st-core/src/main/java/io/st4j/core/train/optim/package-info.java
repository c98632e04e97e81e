/**
 * The optimizer side of the trainer, equal to the Python stack (transformers 4.47 Trainer, torch 1.13 AdamW):
 * {@link io.st4j.core.train.optim.LearningRateSchedule}, {@link io.st4j.core.train.optim.AdamW} with
 * {@link io.st4j.core.train.optim.ParameterGroups}, {@link io.st4j.core.train.optim.GradientClipping}, and
 * {@link io.st4j.core.train.optim.OptimizerState} saved by {@link io.st4j.core.train.optim.OptimizerStateFile}.
 *
 * <p>One optimizer update {@code k} (0-based, counting updates, not micro-batches), in the Trainer's order:
 * <pre>
 *   float gradNorm = GradientClipping.clipGradNorm(gradients, maxGradNorm);   // when maxGradNorm &gt; 0
 *   adamW.step(parameters, gradients, schedule.factor(k));
 *   // the Trainer logs learning_rate = groups[0].learningRate() * schedule.factor(k + 1) after update k
 * </pre>
 */
package io.st4j.core.train.optim;
