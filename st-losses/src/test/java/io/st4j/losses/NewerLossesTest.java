package io.st4j.losses;

import io.st4j.core.SimilarityFunction;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The losses newer than the 5.1.2 reference (GlobalOrthogonalRegularization, EmbedDistill, AdaptiveLayer,
 * Matryoshka2d) and the v6 MultipleNegativesRankingLoss options, against their published formulas worked
 * out here in double arithmetic (value and finite-difference gradients).
 */
class NewerLossesTest {

    private static final int B = 4;
    private static final int D = 6;

    @Test
    void globalOrthogonalRegularizationDefaults() {
        double[][][] x = FormulaCheck.inputs(1, 2, B, D);
        FormulaCheck.check("GOR", x, (sd, v) -> new GlobalOrthogonalRegularizationLoss().compute(sd, v, null), NewerLossesTest::gor);
    }

    @Test
    void globalOrthogonalRegularizationSumAndWeights() {
        double[][][] x = FormulaCheck.inputs(2, 3, B, D);
        FormulaCheck.check("GOR sum", x, (sd, v) -> new GlobalOrthogonalRegularizationLoss(SimilarityFunction.COSINE, 0.5, 2.0,
                GlobalOrthogonalRegularizationLoss.Aggregation.SUM).compute(sd, v, null), in -> {
                    double mean = 0;
                    double second = 0;
                    for (double[][] col : in) {
                        double[] t = gorTerms(col);
                        mean += t[0];
                        second += t[1];
                    }
                    return 0.5 * mean + 2.0 * second;
                });
    }

    private static double gor(double[][][] in) {
        double mean = 0;
        double second = 0;
        for (double[][] col : in) {
            double[] t = gorTerms(col);
            mean += t[0];
            second += t[1];
        }
        return mean / in.length + second / in.length;
    }

    /** {mean(s)^2, relu(mean(s^2) - 1/d)} over the off-diagonal cosine similarities. */
    private static double[] gorTerms(double[][] e) {
        int n = e.length;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    double s = FormulaCheck.cos(e[i], e[j]);
                    sum += s;
                    sumSq += s * s;
                }
            }
        }
        double m = n * (n - 1.0);
        return new double[] {Math.pow(sum / m, 2), Math.max(0, sumSq / m - 1.0 / e[0].length)};
    }

    @Test
    void embedDistillEveryMetricAndLabelLayout() {
        double[][][] x = FormulaCheck.inputs(3, 2, B, D);
        double[][] teacher = FormulaCheck.inputs(4, 1, B, D)[0];
        double[][][] perColumn = FormulaCheck.inputs(5, B, 2, D);
        for (EmbedDistillLoss.DistanceMetric metric : EmbedDistillLoss.DistanceMetric.values()) {
            FormulaCheck.check("EmbedDistill " + metric + " 2D", x, (sd, v) -> new EmbedDistillLoss(metric)
                    .compute(sd, v, sd.constant(Nd4j.create(teacher).castTo(DataType.FLOAT))), in -> {
                        double total = 0;
                        for (double[][] col : in) {
                            total += distill(metric, col, teacher);
                        }
                        return total / in.length;
                    });
            FormulaCheck.check("EmbedDistill " + metric + " 3D", x, (sd, v) -> new EmbedDistillLoss(metric)
                    .compute(sd, v, sd.constant(Nd4j.create(perColumn).castTo(DataType.FLOAT))), in -> {
                        double total = 0;
                        for (int c = 0; c < in.length; c++) {
                            double[][] t = new double[B][];
                            for (int r = 0; r < B; r++) {
                                t[r] = perColumn[r][c];
                            }
                            total += distill(metric, in[c], t);
                        }
                        return total / in.length;
                    });
        }
    }

    private static double distill(EmbedDistillLoss.DistanceMetric metric, double[][] s, double[][] t) {
        double total = 0;
        for (int r = 0; r < s.length; r++) {
            double sq = 0;
            for (int k = 0; k < s[r].length; k++) {
                sq += Math.pow(s[r][k] - t[r][k], 2);
            }
            switch (metric) {
                case MSE:
                    total += sq / s[r].length;
                    break;
                case L2:
                    total += Math.sqrt(sq);
                    break;
                default:
                    total += 1 - FormulaCheck.cos(s[r], t[r]);
            }
        }
        return total / s.length;
    }

    @Test
    void adaptiveLayerAllLayersLinearWeighting() {
        double[][][] x = FormulaCheck.inputs(6, 6, B, D); // final a, b; layer 0 a, b; layer 1 a, b
        double[] scores = {0.1, 0.9, 0.4, 0.7};
        AdaptiveLayerLoss loss = new AdaptiveLayerLoss(new CosineSimilarityLoss(), -1, 1.5, 0.7, 0.9, 0.3,
                AdaptiveLayerLoss.LayerWeighting.LINEAR);
        double[][][] teacher = deepCopy(x); // the final layer is the KL's detached target
        FormulaCheck.check("AdaptiveLayer", x, (sd, v) -> loss.compute(sd, v.subList(0, 2),
                List.of(v.subList(2, 4), v.subList(4, 6)), sd.constant(Nd4j.create(scores).castTo(DataType.FLOAT))), in -> {
                    double total = 1.5 * cosineLoss(in[0], in[1], scores, D);
                    for (int layer = 0; layer < 2; layer++) {
                        double w = 1.0 / (1 + layer) / 2 * 0.7;
                        total += w * cosineLoss(in[2 + 2 * layer], in[3 + 2 * layer], scores, D);
                        total += kl(new double[][][] {teacher[0], teacher[1]}, new double[][][] {in[2 + 2 * layer], in[3 + 2 * layer]}, 0.3) * 0.3 * 0.9;
                    }
                    return total;
                });
    }

    @Test
    void matryoshka2dAllLayersAllDims() {
        double[][][] x = FormulaCheck.inputs(7, 4, B, D); // final a, b; layer 0 a, b
        double[] scores = {0.3, 0.2, 0.8, 0.5};
        int[] dims = {3, 6};
        double[] weights = {0.5, 1.0};
        Matryoshka2dLoss loss = new Matryoshka2dLoss(new CosineSimilarityLoss(), dims, weights, -1, -1, 1.0, 1.0, 1.0, 0.3);
        double[][][] teacher = deepCopy(x); // the final layer is the KL's detached target
        FormulaCheck.check("Matryoshka2d", x, (sd, v) -> loss.compute(sd, v.subList(0, 2), List.of(v.subList(2, 4)),
                sd.constant(Nd4j.create(scores).castTo(DataType.FLOAT))), in -> {
                    double total = 0;
                    for (int i = 0; i < dims.length; i++) {
                        total += weights[i] * cosineLoss(in[0], in[1], scores, dims[i]);
                        total += weights[i] * cosineLoss(in[2], in[3], scores, dims[i]);
                    }
                    return total + kl(new double[][][] {teacher[0], teacher[1]}, new double[][][] {in[2], in[3]}, 0.3) * 0.3;
                });
    }

    /** CosineSimilarityLoss on the first {@code dim} features (normalising first does not change a cosine). */
    private static double cosineLoss(double[][] a, double[][] b, double[] scores, int dim) {
        double total = 0;
        for (int r = 0; r < a.length; r++) {
            double c = FormulaCheck.cos(FormulaCheck.prefixNormalized(a[r], dim), FormulaCheck.prefixNormalized(b[r], dim));
            total += Math.pow(c - scores[r], 2);
        }
        return total / a.length;
    }

    /** batchmean KL(softmax(final / t) || softmax(layer / t)) over the rows of all columns. */
    private static double kl(double[][][] fin, double[][][] layer, double t) {
        double total = 0;
        int rows = 0;
        for (int c = 0; c < fin.length; c++) {
            for (int r = 0; r < fin[c].length; r++, rows++) {
                double[] p = FormulaCheck.logSoftmax(scaled(fin[c][r], 1 / t));
                double[] q = FormulaCheck.logSoftmax(scaled(layer[c][r], 1 / t));
                for (int k = 0; k < p.length; k++) {
                    total += Math.exp(p[k]) * (p[k] - q[k]);
                }
            }
        }
        return total / rows;
    }

    private static double[] scaled(double[] v, double s) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * s;
        }
        return out;
    }

    @Test
    void multipleNegativesRankingGteDirections() {
        double[][][] x = FormulaCheck.inputs(8, 3, B, D); // queries, positives, negatives
        MultipleNegativesRankingLoss loss = MultipleNegativesRankingLoss.builder()
                .directions(MultipleNegativesRankingLoss.Direction.values()).build();
        FormulaCheck.check("MNRL GTE", x, (sd, v) -> loss.compute(sd, v, null), in -> mnrl(in, true, true, true, true, null, 0));
    }

    @Test
    void multipleNegativesRankingSymmetricPerDirection() {
        double[][][] x = FormulaCheck.inputs(9, 2, B, D);
        MultipleNegativesRankingLoss loss = MultipleNegativesRankingLoss.builder()
                .directions(MultipleNegativesRankingLoss.Direction.QUERY_TO_DOC, MultipleNegativesRankingLoss.Direction.DOC_TO_QUERY)
                .partitionMode(MultipleNegativesRankingLoss.PartitionMode.PER_DIRECTION).build();
        FormulaCheck.check("MNRL symmetric", x, (sd, v) -> loss.compute(sd, v, null), in -> mnrl(in, false, true, false, false, null, 0));
    }

    @Test
    void multipleNegativesRankingHardness() {
        double[][][] x = FormulaCheck.inputs(10, 3, B, D);
        for (MultipleNegativesRankingLoss.HardnessMode mode : MultipleNegativesRankingLoss.HardnessMode.values()) {
            MultipleNegativesRankingLoss loss = MultipleNegativesRankingLoss.builder().hardnessMode(mode).hardnessStrength(5.0).build();
            // the penalty is detached: the finite differences must hold it fixed at the unperturbed similarities
            double[][][] fixed = deepCopy(x);
            FormulaCheck.check("MNRL hardness " + mode, x, (sd, v) -> loss.compute(sd, v, null), in -> mnrl(in, false, false, false, false, mode, 5.0, fixed));
        }
    }

    private static double[][][] deepCopy(double[][][] x) {
        double[][][] c = new double[x.length][][];
        for (int i = 0; i < x.length; i++) {
            c[i] = new double[x[i].length][];
            for (int r = 0; r < x[i].length; r++) {
                c[i][r] = x[i][r].clone();
            }
        }
        return c;
    }

    private static double mnrl(double[][][] in, boolean qq, boolean dq, boolean dd, boolean joint,
            MultipleNegativesRankingLoss.HardnessMode mode, double strength) {
        return mnrl(in, qq, dq, dd, joint, mode, strength, in);
    }

    /** The v6 MNRL formula, scale 20, cosine; hardness penalties from {@code penaltyInputs} (detached). */
    private static double mnrl(double[][][] in, boolean qq, boolean dq, boolean dd, boolean joint,
            MultipleNegativesRankingLoss.HardnessMode mode, double strength, double[][][] penaltyInputs) {
        double scale = 20;
        int n = in[0].length;
        int docs = in.length - 1;
        double total = 0;
        for (int i = 0; i < n; i++) {
            java.util.List<double[]> parts = new java.util.ArrayList<>();
            double[] qd = new double[n * docs];
            for (int j = 0; j < docs; j++) {
                for (int k = 0; k < n; k++) {
                    double logit = FormulaCheck.cos(in[0][i], in[1 + j][k]) * scale;
                    if (mode != null) {
                        boolean own = k == i;
                        boolean penalise = switch (mode) {
                            case IN_BATCH_NEGATIVES -> !own;
                            case HARD_NEGATIVES -> own && j > 0;
                            case ALL_NEGATIVES -> !(own && j == 0);
                        };
                        if (penalise) {
                            logit += strength * FormulaCheck.cos(penaltyInputs[0][i], penaltyInputs[1 + j][k]);
                        }
                    }
                    qd[j * n + k] = logit;
                }
            }
            parts.add(qd);
            if (qq) {
                double[] v = new double[n];
                for (int k = 0; k < n; k++) {
                    v[k] = k == i ? Double.NEGATIVE_INFINITY : FormulaCheck.cos(in[0][i], in[0][k]) * scale;
                }
                parts.add(v);
            }
            if (dq) {
                double[] v = new double[n];
                for (int k = 0; k < n; k++) {
                    v[k] = FormulaCheck.cos(in[1][i], in[0][k]) * scale;
                }
                parts.add(v);
            }
            if (dd) {
                double[] v = new double[n * docs];
                for (int j = 0; j < docs; j++) {
                    for (int k = 0; k < n; k++) {
                        v[j * n + k] = k == i ? Double.NEGATIVE_INFINITY : FormulaCheck.cos(in[1][i], in[1 + j][k]) * scale;
                    }
                }
                parts.add(v);
            }
            double logZ;
            if (joint || parts.size() == 1) {
                logZ = FormulaCheck.logSumExp(parts.stream().flatMapToDouble(java.util.Arrays::stream).toArray());
            } else {
                logZ = parts.stream().mapToDouble(FormulaCheck::logSumExp).average().orElseThrow();
            }
            total += logZ - qd[i];
        }
        return total / n;
    }

    @Test
    void embedDistillWithProjection() {
        double[][][] x = FormulaCheck.inputs(11, 1, B, D);
        double[][] teacher = FormulaCheck.inputs(12, 1, B, 3)[0];
        EmbedDistillLoss loss = new EmbedDistillLoss(EmbedDistillLoss.DistanceMetric.COSINE, D, 3, new Random(5));
        double[][] w = loss.projectionWeight().castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] bias = loss.projectionBias().castTo(DataType.DOUBLE).toDoubleVector();
        FormulaCheck.check("EmbedDistill projection", x, (sd, v) -> loss.compute(sd, v,
                sd.constant(Nd4j.create(teacher).castTo(DataType.FLOAT))), in -> {
                    double[][] projected = new double[B][3];
                    for (int r = 0; r < B; r++) {
                        for (int o = 0; o < 3; o++) {
                            projected[r][o] = bias[o] + FormulaCheck.dot(w[o], in[0][r]);
                        }
                    }
                    return distill(EmbedDistillLoss.DistanceMetric.COSINE, projected, teacher);
                });
    }

    @Test
    void marginMseWithRawTeacherScores() {
        double[][][] x = FormulaCheck.inputs(13, 4, B, D); // query, positive, two negatives
        double[][] raw = FormulaCheck.inputs(14, 1, B, 3)[0];
        FormulaCheck.check("MarginMSE raw scores", x, (sd, v) -> new MarginMSELoss().compute(sd, v,
                sd.constant(Nd4j.create(raw).castTo(DataType.FLOAT))), in -> {
                    double total = 0;
                    for (int r = 0; r < B; r++) {
                        double pos = FormulaCheck.dot(in[0][r], in[1][r]);
                        for (int j = 0; j < 2; j++) {
                            double margin = pos - FormulaCheck.dot(in[0][r], in[2 + j][r]);
                            total += Math.pow(margin - (raw[r][0] - raw[r][1 + j]), 2);
                        }
                    }
                    return total / (B * 2);
                });
    }

    @Test
    void distillKlDivWithSeparateTemperatures() {
        double[][][] x = FormulaCheck.inputs(15, 3, B, D);
        double[][] teacherScores = FormulaCheck.inputs(16, 1, B, 2)[0];
        FormulaCheck.check("DistillKLDiv temperatures", x, (sd, v) -> new DistillKLDivLoss(SimilarityFunction.COSINE, 1.0, 2.0, 0.5)
                .compute(sd, v, sd.constant(Nd4j.create(teacherScores).castTo(DataType.FLOAT))), in -> {
                    double total = 0;
                    for (int r = 0; r < B; r++) {
                        double[] student = FormulaCheck.logSoftmax(new double[] {
                            FormulaCheck.cos(in[0][r], in[1][r]) / 2.0, FormulaCheck.cos(in[0][r], in[2][r]) / 2.0});
                        double[] teacher = FormulaCheck.logSoftmax(scaled(teacherScores[r], 1 / 0.5));
                        for (int k = 0; k < 2; k++) {
                            total += Math.exp(teacher[k]) * (teacher[k] - student[k]);
                        }
                    }
                    return total / B * 4.0;
                });
    }

    @Test
    void sampledDimsAndLayersAreDrawnAnewEachRun() {
        double[][][] x = FormulaCheck.inputs(17, 6, B, D); // final a, b; layer 0 a, b; layer 1 a, b
        double[] scores = {0.3, 0.2, 0.8, 0.5};
        int[] dims = {6, 3};
        Matryoshka2dLoss loss = new Matryoshka2dLoss(new CosineSimilarityLoss(), dims, null, 1, 1, 1.0, 1.0, 1.0, 0.3);
        List<Double> allowed = new java.util.ArrayList<>();
        for (int layer = 0; layer < 2; layer++) {
            for (int dimA : dims) {
                for (int dimB : dims) {
                    double v = cosineLoss(x[0], x[1], scores, dimA)
                            + cosineLoss(x[2 + 2 * layer], x[3 + 2 * layer], scores, dimB)
                            + kl(new double[][][] {x[0], x[1]}, new double[][][] {x[2 + 2 * layer], x[3 + 2 * layer]}, 0.3) * 0.3;
                    allowed.add(v);
                }
            }
        }
        org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
        List<org.nd4j.autodiff.samediff.SDVariable> v = new java.util.ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            v.add(sd.var("x" + i, Nd4j.create(x[i]).castTo(DataType.FLOAT)));
        }
        org.nd4j.autodiff.samediff.SDVariable value = loss.compute(sd, v.subList(0, 2), List.of(v.subList(2, 4), v.subList(4, 6)),
                sd.constant(Nd4j.create(scores).castTo(DataType.FLOAT)));
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int run = 0; run < 40; run++) {
            double got = sd.output(io.st4j.core.train.RandomDraws.feed(sd, run), value.name()).get(value.name()).getDouble(0);
            int match = -1;
            for (int i = 0; i < allowed.size(); i++) {
                if (Math.abs(allowed.get(i) - got) <= 1e-5 * Math.abs(got)) {
                    match = i;
                }
            }
            org.junit.jupiter.api.Assertions.assertTrue(match >= 0, "run " + run + " gave " + got + ", not one layer with one dim each");
            seen.add(match);
        }
        org.junit.jupiter.api.Assertions.assertTrue(seen.size() >= 4, "40 runs drew only " + seen.size() + " of the 8 (layer, dims) combinations");
    }
}
