package io.st4j.evaluation;

/**
 * The classification head {@link LabelAccuracyEvaluator} needs, e.g. a trained {@code SoftmaxLoss}'s classifier
 * (which in sentence-transformers concatenates u, v and |u - v| and applies a linear layer): class logits for
 * pairs of sentence embeddings.
 */
@FunctionalInterface
public interface PairClassifier {

    /**
     * @param u embeddings of the first sentences, {@code [batch][dim]}
     * @param v embeddings of the second sentences, {@code [batch][dim]}
     * @return logits {@code [batch][numLabels]}; the predicted label is the index of the largest
     */
    float[][] logits(float[][] u, float[][] v);
}
