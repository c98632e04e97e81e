package io.st4j.evaluation;

import java.util.Arrays;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * The statistics the evaluators take from scipy and scikit-learn: Pearson and Spearman (average ranks for ties,
 * both through Apache Commons Math), scikit-learn's {@code average_precision_score}, tie-averaged
 * {@code ndcg_score} and {@code matthews_corrcoef}.
 */
final class Statistics {

    private Statistics() {
    }

    /** Pearson's r (scipy {@code pearsonr}). */
    static double pearson(double[] x, double[] y, String what) {
        requireVariance(x, y, what);
        return new PearsonsCorrelation().correlation(x, y);
    }

    /** Spearman's rho with average ranks for ties (scipy {@code spearmanr}). */
    static double spearman(double[] x, double[] y, String what) {
        requireVariance(x, y, what);
        return new SpearmansCorrelation().correlation(x, y);
    }

    private static void requireVariance(double[] gold, double[] predicted, String what) {
        if (gold.length < 2) {
            throw new IllegalArgumentException("a correlation needs at least 2 pairs, got " + gold.length);
        }
        if (isConstant(gold)) {
            throw new IllegalArgumentException("all gold scores are equal (" + gold[0] + "): the correlation is undefined");
        }
        if (isConstant(predicted)) {
            throw new IllegalStateException("the model gives every pair the same " + what + " score (" + predicted[0]
                    + "): the correlation is undefined");
        }
    }

    static boolean isConstant(double[] values) {
        for (double v : values) {
            if (v != values[0]) {
                return false;
            }
        }
        return true;
    }

    /**
     * scikit-learn's {@code average_precision_score(labels, scores)}: the sum over distinct score thresholds, from
     * the highest, of (recall gain) x precision; tied scores form one threshold. Needs at least one positive.
     */
    static double averagePrecision(int[] labels, double[] scores) {
        int n = labels.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        int positives = 0;
        for (int label : labels) {
            positives += label;
        }
        if (positives == 0) {
            throw new IllegalArgumentException("average precision needs at least one positive label");
        }
        double ap = 0;
        double previousRecall = 0;
        int truePositives = 0;
        for (int i = 0; i < n; i++) {
            truePositives += labels[order[i]];
            boolean lastOfThreshold = i == n - 1 || scores[order[i + 1]] != scores[order[i]];
            if (lastOfThreshold) {
                double recall = (double) truePositives / positives;
                double precision = (double) truePositives / (i + 1);
                ap += (recall - previousRecall) * precision;
                previousRecall = recall;
            }
        }
        return ap;
    }

    /**
     * scikit-learn's {@code ndcg_score([relevance], [scores], k=k)} for one query: DCG with tied scores sharing
     * their averaged gain (ignore_ties=False) over the ideal DCG; 0 when nothing is relevant.
     */
    static double ndcg(int[] relevance, double[] scores, int k) {
        int n = relevance.length;
        double[] discountCumsum = new double[n];
        double running = 0;
        for (int i = 0; i < n; i++) {
            running += i < k ? 1 / log2(i + 2) : 0;
            discountCumsum[i] = running;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        double dcg = 0;
        int start = 0;
        while (start < n) {
            int end = start;
            double gain = 0;
            while (end < n && scores[order[end]] == scores[order[start]]) {
                gain += relevance[order[end]];
                end++;
            }
            double discount = discountCumsum[end - 1] - (start == 0 ? 0 : discountCumsum[start - 1]);
            dcg += gain / (end - start) * discount;
            start = end;
        }
        int[] ideal = relevance.clone();
        Arrays.sort(ideal);
        double idealDcg = 0;
        for (int i = 0; i < Math.min(k, n); i++) {
            idealDcg += ideal[n - 1 - i] / log2(i + 2);
        }
        return idealDcg == 0 ? 0 : dcg / idealDcg;
    }

    /** scikit-learn's {@code matthews_corrcoef} for 0/1 labels; 0 when undefined. */
    static double matthews(int[] labels, boolean[] predicted) {
        double tp = 0;
        double tn = 0;
        double fp = 0;
        double fn = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == 1) {
                if (predicted[i]) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (predicted[i]) {
                fp++;
            } else {
                tn++;
            }
        }
        double samples = tp + tn + fp + fn;
        double trueNeg = tn + fp;
        double truePos = fn + tp;
        double predNeg = tn + fn;
        double predPos = fp + tp;
        double covTrueProd = (tp + tn) * samples - (trueNeg * predNeg + truePos * predPos);
        double covPredPred = samples * samples - (predNeg * predNeg + predPos * predPos);
        double covTrueTrue = samples * samples - (trueNeg * trueNeg + truePos * truePos);
        if (covPredPred * covTrueTrue == 0) {
            return 0;
        }
        return covTrueProd / Math.sqrt(covTrueTrue * covPredPred);
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /** The arithmetic mean. */
    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
