package io.st4j.core.testing;

import io.st4j.core.modules.EncoderConfig;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An independent BERT forward pass in plain Java double arithmetic, one unpadded sequence at a time,
 * written from the published architecture (post-LN, erf GELU). Tests compare st4j's SameDiff graph
 * against it; it shares no code with the graph.
 */
public final class ReferenceBert {

    private final EncoderConfig config;
    private final Map<String, INDArray> weights;

    public ReferenceBert(EncoderConfig config, Map<String, INDArray> weights) {
        this.config = config;
        this.weights = weights;
    }

    /** Token embeddings {@code [tokens][hidden]} of one sequence. */
    public double[][] tokenEmbeddings(int[] ids, int[] types) {
        int n = ids.length;
        int h = config.hiddenSize();
        double[][] x = new double[n][h];
        for (int t = 0; t < n; t++) {
            for (int d = 0; d < h; d++) {
                x[t][d] = w("embeddings.word_embeddings.weight").getDouble(ids[t], d)
                        + w("embeddings.token_type_embeddings.weight").getDouble(types[t], d)
                        + w("embeddings.position_embeddings.weight").getDouble(t, d);
            }
        }
        x = layerNorm(x, "embeddings.LayerNorm");
        for (int layer = 0; layer < config.numLayers(); layer++) {
            String p = "encoder.layer." + layer + ".";
            double[][] attention = attention(x, p);
            x = layerNorm(add(linear(attention, p + "attention.output.dense"), x), p + "attention.output.LayerNorm");
            double[][] hidden = linear(x, p + "intermediate.dense");
            for (double[] row : hidden) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = 0.5 * row[i] * (1 + erf(row[i] / Math.sqrt(2)));
                }
            }
            x = layerNorm(add(linear(hidden, p + "output.dense"), x), p + "output.LayerNorm");
        }
        return x;
    }

    /** The mean of the token embeddings. */
    public double[] meanPooled(int[] ids, int[] types) {
        double[][] tokens = tokenEmbeddings(ids, types);
        double[] mean = new double[config.hiddenSize()];
        for (double[] row : tokens) {
            for (int d = 0; d < mean.length; d++) {
                mean[d] += row[d] / tokens.length;
            }
        }
        return mean;
    }

    private double[][] attention(double[][] x, String p) {
        double[][] q = linear(x, p + "attention.self.query");
        double[][] k = linear(x, p + "attention.self.key");
        double[][] v = linear(x, p + "attention.self.value");
        int n = x.length;
        int heads = config.numHeads();
        int size = config.headSize();
        double[][] out = new double[n][config.hiddenSize()];
        for (int head = 0; head < heads; head++) {
            int off = head * size;
            for (int i = 0; i < n; i++) {
                double[] scores = new double[n];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int d = 0; d < size; d++) {
                        s += q[i][off + d] * k[j][off + d];
                    }
                    scores[j] = s / Math.sqrt(size);
                    max = Math.max(max, scores[j]);
                }
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    scores[j] = Math.exp(scores[j] - max);
                    sum += scores[j];
                }
                for (int j = 0; j < n; j++) {
                    for (int d = 0; d < size; d++) {
                        out[i][off + d] += scores[j] / sum * v[j][off + d];
                    }
                }
            }
        }
        return out;
    }

    private double[][] linear(double[][] x, String name) {
        INDArray weight = w(name + ".weight");
        INDArray bias = w(name + ".bias");
        int out = (int) weight.size(0);
        double[][] y = new double[x.length][out];
        for (int t = 0; t < x.length; t++) {
            for (int o = 0; o < out; o++) {
                double s = bias.getDouble(o);
                for (int i = 0; i < x[t].length; i++) {
                    s += x[t][i] * weight.getDouble(o, i);
                }
                y[t][o] = s;
            }
        }
        return y;
    }

    private double[][] layerNorm(double[][] x, String name) {
        double[][] y = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            double mean = 0;
            for (double v : x[t]) {
                mean += v / x[t].length;
            }
            double var = 0;
            for (double v : x[t]) {
                var += (v - mean) * (v - mean) / x[t].length;
            }
            y[t] = new double[x[t].length];
            for (int d = 0; d < x[t].length; d++) {
                y[t][d] = (x[t][d] - mean) / Math.sqrt(var + config.layerNormEps())
                        * w(name + ".weight").getDouble(d) + w(name + ".bias").getDouble(d);
            }
        }
        return y;
    }

    private static double[][] add(double[][] a, double[][] b) {
        double[][] y = new double[a.length][];
        for (int t = 0; t < a.length; t++) {
            y[t] = new double[a[t].length];
            for (int d = 0; d < a[t].length; d++) {
                y[t][d] = a[t][d] + b[t][d];
            }
        }
        return y;
    }

    private INDArray w(String name) {
        return weights.get(name);
    }

    /** erf to ~1e-15 (Abramowitz–Stegun is too coarse here): series for small x, continued fraction otherwise. */
    static double erf(double x) {
        double ax = Math.abs(x);
        double result;
        if (ax < 2.5) {
            double term = ax;
            double sum = ax;
            for (int n = 1; n < 200 && Math.abs(term) > 1e-17; n++) {
                term *= -ax * ax / n;
                sum += term / (2 * n + 1);
            }
            result = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double f = 0;
            for (int n = 60; n >= 1; n--) {
                f = n / 2.0 / (ax + f);
            }
            result = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f);
        }
        return x < 0 ? -result : result;
    }
}
