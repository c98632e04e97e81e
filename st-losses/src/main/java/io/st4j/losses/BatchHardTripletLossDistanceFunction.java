package io.st4j.losses;

import io.st4j.core.SimilarityFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** The all-pairs distance matrices of the batch triplet losses (the library's {@code eucledian_distance} spelling kept in config). */
public enum BatchHardTripletLossDistanceFunction {
    COSINE_DISTANCE("cosine_distance"), EUCLIDEAN_DISTANCE("eucledian_distance");

    private final String pythonName;

    BatchHardTripletLossDistanceFunction(String pythonName) {
        this.pythonName = pythonName;
    }

    public String pythonName() {
        return pythonName;
    }

    /** The {@code [batch, batch]} distances between all rows of {@code embeddings}. */
    public SDVariable matrix(SameDiff sd, SDVariable embeddings) {
        if (this == COSINE_DISTANCE) {
            return Similarities.matrix(sd, SimilarityFunction.COSINE, embeddings, embeddings).rsub(1.0);
        }
        SDVariable dot = Ops.mmulT(sd, embeddings, embeddings);
        SDVariable squareNorm = dot.mul(Ops.eye(sd, embeddings)).sum(true, 1); // the exact diagonal, [batch, 1]
        SDVariable distances = sd.nn.relu(sd.permute(squareNorm, 1, 0).sub(dot.mul(2.0)).add(squareNorm), 0);
        SDVariable zero = Ops.mask(sd.eq(Ops.noGrad(sd, distances), 0.0));
        return zero.rsub(1.0).mul(sd.math.sqrt(distances.add(zero.mul(1e-16))));
    }
}
