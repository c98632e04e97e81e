package io.st4j.losses;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.ToDoubleFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks a SameDiff loss against a plain-Java double formula: the value, and the gradient with respect to
 * every input against central finite differences of the formula.
 */
final class FormulaCheck {

    private FormulaCheck() {
    }

    /** Float-representable random inputs {@code [columns][rows][dim]}. */
    static double[][][] inputs(long seed, int columns, int rows, int dim) {
        Random random = new Random(seed);
        double[][][] x = new double[columns][rows][dim];
        for (double[][] c : x) {
            for (double[] r : c) {
                for (int k = 0; k < dim; k++) {
                    r[k] = (float) random.nextGaussian();
                }
            }
        }
        return x;
    }

    /**
     * @param build   builds the loss from the input variables
     * @param formula the same loss in double arithmetic
     */
    static void check(String what, double[][][] x, BiFunction<SameDiff, List<SDVariable>, SDVariable> build,
            ToDoubleFunction<double[][][]> formula) {
        SameDiff sd = SameDiff.create();
        List<SDVariable> vars = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            INDArray arr = Nd4j.create(x[i]).castTo(DataType.FLOAT);
            vars.add(sd.var("x" + i, arr));
            names.add("x" + i);
        }
        SDVariable loss = build.apply(sd, vars);
        sd.setLossVariables(loss);
        Map<String, INDArray> grads = sd.calculateGradients(null, names);
        Tolerance.assertClose(what + " value", formula.applyAsDouble(x), loss.eval().getDouble(0));
        double h = 1e-5;
        for (int i = 0; i < x.length; i++) {
            double[] got = grads.get("x" + i).castTo(DataType.DOUBLE).data().asDouble();
            int at = 0;
            for (int r = 0; r < x[i].length; r++) {
                for (int k = 0; k < x[i][r].length; k++, at++) {
                    double keep = x[i][r][k];
                    x[i][r][k] = keep + h;
                    double up = formula.applyAsDouble(x);
                    x[i][r][k] = keep - h;
                    double down = formula.applyAsDouble(x);
                    x[i][r][k] = keep;
                    double want = (up - down) / (2 * h);
                    double tol = Math.max(1e-5 * Math.abs(want), 2e-6);
                    assertTrue(Math.abs(want - got[at]) <= tol, what + " d/dx" + i + "[" + r + "][" + k + "]: expected "
                            + want + " got " + got[at]);
                }
            }
        }
    }

    // ---- double helpers ----

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double cos(double[] a, double[] b) {
        return dot(a, b) / (Math.sqrt(dot(a, a)) * Math.sqrt(dot(b, b)));
    }

    static double[] prefixNormalized(double[] a, int dim) {
        double[] p = java.util.Arrays.copyOf(a, dim);
        double n = Math.sqrt(dot(p, p));
        for (int i = 0; i < dim; i++) {
            p[i] /= n;
        }
        return p;
    }

    static double logSumExp(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        double s = 0;
        for (double x : v) {
            s += Math.exp(x - m);
        }
        return m + Math.log(s);
    }

    static double[] logSoftmax(double[] v) {
        double lse = logSumExp(v);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] - lse;
        }
        return out;
    }
}
