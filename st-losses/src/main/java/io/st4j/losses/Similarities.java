package io.st4j.losses;

import io.st4j.core.SimilarityFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The similarity functions of sentence-transformers' {@code util} as SameDiff terms: the matrix forms
 * ({@code cos_sim}, {@code dot_score}, {@code euclidean_sim}, {@code manhattan_sim}) and the row-wise
 * {@code pairwise_*} forms, including {@code pairwise_angle_sim} of AnglE.
 */
public final class Similarities {

    private Similarities() {
    }

    /** The {@code [a rows, b rows]} score matrix. */
    public static SDVariable matrix(SameDiff sd, SimilarityFunction fn, SDVariable a, SDVariable b) {
        switch (fn) {
            case COSINE:
                return Ops.mmulT(sd, Ops.normalize(sd, a), Ops.normalize(sd, b));
            case DOT:
                return Ops.mmulT(sd, a, b);
            case EUCLIDEAN:
                return sd.math.sqrt(differences(sd, a, b).pow(2).sum(2)).neg();
            case MANHATTAN:
                return sd.math.abs(differences(sd, a, b)).sum(2).neg();
            default:
                throw new AssertionError(fn);
        }
    }

    /** The {@code [rows]} scores of row i of {@code a} with row i of {@code b}. */
    public static SDVariable pairwise(SameDiff sd, SimilarityFunction fn, SDVariable a, SDVariable b) {
        switch (fn) {
            case COSINE:
                return Ops.normalize(sd, a).mul(Ops.normalize(sd, b)).sum(1);
            case DOT:
                return a.mul(b).sum(1);
            case EUCLIDEAN:
                return sd.math.sqrt(a.sub(b).pow(2).sum(1)).neg();
            case MANHATTAN:
                return sd.math.abs(a.sub(b)).sum(1).neg();
            default:
                throw new AssertionError(fn);
        }
    }

    /**
     * sentence-transformers' {@code pairwise_angle_sim}: each embedding split in halves (an even width) as the real and
     * imaginary parts of a complex vector; the absolute summed normalised complex quotient.
     */
    public static SDVariable pairwiseAngle(SameDiff sd, SDVariable x, SDVariable y) {
        SDVariable[] xHalves = sd.split(x, 2, 1);
        SDVariable[] yHalves = sd.split(y, 2, 1);
        SDVariable a = xHalves[0];
        SDVariable b = xHalves[1];
        SDVariable c = yHalves[0];
        SDVariable d = yHalves[1];
        SDVariable z = c.pow(2).add(d.pow(2)).sum(true, 1);
        SDVariable re = a.mul(c).add(b.mul(d)).div(z);
        SDVariable im = b.mul(c).sub(a.mul(d)).div(z);
        SDVariable dz = sd.math.sqrt(a.pow(2).add(b.pow(2)).sum(true, 1));
        SDVariable dw = sd.math.sqrt(z);
        SDVariable ratio = dz.div(dw);
        re = re.div(ratio);
        im = im.div(ratio);
        return sd.math.abs(sd.concat(1, re, im).sum(1));
    }

    /** The name sentence-transformers' {@code get_config_dict} gives the matrix function. */
    public static String matrixName(SimilarityFunction fn) {
        switch (fn) {
            case COSINE:
                return "cos_sim";
            case DOT:
                return "dot_score";
            case EUCLIDEAN:
                return "euclidean_sim";
            case MANHATTAN:
                return "manhattan_sim";
            default:
                throw new AssertionError(fn);
        }
    }

    /** The name sentence-transformers gives the pairwise function, e.g. {@code pairwise_cos_sim}. */
    public static String pairwiseName(SimilarityFunction fn) {
        return "pairwise_" + matrixName(fn);
    }

    /** {@code a[:, None, :] - b[None, :, :]}, shape {@code [a rows, b rows, dim]}. */
    private static SDVariable differences(SameDiff sd, SDVariable a, SDVariable b) {
        return sd.expandDims(a, 1).sub(sd.expandDims(b, 0));
    }
}
