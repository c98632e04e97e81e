package io.st4j.core.train;

import io.st4j.data.ColumnRoles;
import io.st4j.data.Dataset;

/**
 * One training dataset with its loss, its validated column roles and the gradient step that runs the
 * loss; {@code name} is null for single-dataset training.
 */
record TrainingSet(String name, Dataset dataset, Loss loss, ColumnRoles roles, GradientStep step) {
}
