package io.st4j.losses;

import io.st4j.core.train.RandomDraws;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SameDiff building blocks shared by the losses, restricted to ops that work forwards and backwards in
 * 1.0.0-M2.1: {@code gather}, {@code where}, {@code logSumExp} and {@code logSoftmax} fail in backprop
 * there and {@code eye} of a run-time size fails forwards, so masks are built from the data's row count
 * with {@code cumsum} and {@code eq}, and one graph serves every batch size.
 */
final class Ops {

    /** torch's {@code F.normalize} clamp on the norm. */
    static final double NORM_EPS = 1e-12;

    private Ops() {
    }

    /** The value of {@code x} with no gradient flowing back through it ({@code detach()}). */
    static SDVariable noGrad(SameDiff sd, SDVariable x) {
        return new StopGradient(sd, x).outputVariable();
    }

    /** A {@code [rows, 1]} column holding 1, 2, ..., rows, where rows is the row count of {@code x}. */
    static SDVariable rowNumbers(SameDiff sd, SDVariable x) {
        SDVariable firstColumn = noGrad(sd, x).get(SDIndex.all(), SDIndex.interval(0, 1));
        return sd.cumsum(sd.onesLike(firstColumn).castTo(DataType.FLOAT), false, false, 0);
    }

    /** The float identity matrix {@code [rows, rows]} for the rows of {@code x}. */
    static SDVariable eye(SameDiff sd, SDVariable x) {
        SDVariable idx = rowNumbers(sd, x);
        return sd.eq(idx, sd.permute(idx, 1, 0)).castTo(DataType.FLOAT);
    }

    /** A boolean condition as a float 0/1 mask. */
    static SDVariable mask(SDVariable condition) {
        return condition.castTo(DataType.FLOAT);
    }

    /** {@code log(sum(exp(x)))} along {@code dim}, shifted by the (detached) maximum; keeps the dimension. */
    static SDVariable logSumExp(SameDiff sd, SDVariable x, int dim) {
        SDVariable max = noGrad(sd, x.max(true, dim));
        return sd.math.log(sd.math.exp(x.sub(max)).sum(true, dim)).add(max);
    }

    /** Log-softmax along {@code dim}. */
    static SDVariable logSoftmax(SameDiff sd, SDVariable x, int dim) {
        return x.sub(logSumExp(sd, x, dim));
    }

    /**
     * Rows scaled to unit L2 norm, the norm clamped at 1e-12 as torch's {@code F.normalize}. Written as the
     * norm's {@code rdiv}: M2.1's gradient of {@code div} by a {@code [1, 1]} divisor is wrong (one row).
     */
    static SDVariable normalize(SameDiff sd, SDVariable x) {
        SDVariable norm = sd.norm2(x, true, 1);
        return sd.scalarMax(norm, NORM_EPS).rdiv(x);
    }

    /** {@code a @ b^T}. */
    static SDVariable mmulT(SameDiff sd, SDVariable a, SDVariable b) {
        return sd.mmul(a, b, false, true, false);
    }

    /** The first {@code n} columns of a 2D variable. */
    static SDVariable firstColumns(SDVariable x, int n) {
        return columns(x, 0, n);
    }

    /**
     * Columns {@code from} (inclusive) to {@code to} (exclusive) of a 2D variable, as a {@code slice} of every
     * row: the gradient of a strided slice fails on a single row in M2.1.
     */
    static SDVariable columns(SDVariable x, int from, int to) {
        return x.getSameDiff().slice(x, new int[] {0, from}, new int[] {-1, to - from});
    }

    /** Labels as a float {@code [rows, 1]} column. */
    static SDVariable labelColumn(SDVariable labels) {
        return labels.castTo(DataType.FLOAT).reshape(-1, 1);
    }

    /** A float {@code [1, 1]} zero. */
    static SDVariable zero11(SameDiff sd) {
        return sd.constant(Nd4j.zeros(DataType.FLOAT, 1, 1));
    }

    /** A loss-owned trainable array as a graph variable, registered once per graph under {@code name}. */
    static SDVariable parameter(SameDiff sd, String name, INDArray array) {
        return sd.hasVariable(name) ? sd.getVariable(name) : sd.var(name, array);
    }

    /** Mean cross-entropy of row-wise logits whose target for row i is the i-th entry of {@code targets} ([rows]). */
    static SDVariable crossEntropy(SameDiff sd, SDVariable logits, SDVariable targetLogits) {
        return logSumExp(sd, logits, 1).reshape(-1).sub(targetLogits).mean();
    }

    /** {@code [rows, 1]} columns side by side. */
    static SDVariable columnsOf(SameDiff sd, List<SDVariable> columns) {
        List<SDVariable> reshaped = new ArrayList<>();
        for (SDVariable c : columns) {
            reshaped.add(c.reshape(-1, 1));
        }
        return reshaped.size() == 1 ? reshaped.get(0) : sd.concat(1, reshaped.toArray(new SDVariable[0]));
    }

    /** Uniform(-bound, bound) floats as torch's {@code nn.Linear} initialises (bound = 1 / sqrt(fan in)), seeded. */
    static INDArray linearInit(Random random, int fanIn, long... shape) {
        double bound = 1.0 / Math.sqrt(fanIn);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] values = new float[(int) n];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return Nd4j.create(values, shape);
    }

    /**
     * A {@code [count]} float mask with exactly {@code n} ones at positions drawn uniformly at random (as
     * Python's {@code random.sample}) each time the graph runs, from {@link RandomDraws} (drawn from the step's seed).
     */
    static SDVariable sampleMask(SameDiff sd, int count, int n) {
        SDVariable u = RandomDraws.uniform(sd, count).reshape(-1, 1);
        SDVariable rank = mask(sd.lt(sd.permute(u, 1, 0), u)).sum(1); // how many draws are below each
        return noGrad(sd, mask(sd.lt(rank, (double) n)));
    }

    /** Entry {@code i} of a {@code [count]} vector, as a scalar (a slice, not a gather). */
    static SDVariable entry(SDVariable vector, int i) {
        return vector.get(SDIndex.point(i));
    }
}
