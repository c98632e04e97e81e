package io.st4j.core.train.optim;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code torch.nn.utils.clip_grad_norm_(parameters, max_norm)} with the default L2 norm, computed with the same
 * float32 operations as torch 1.13 on an AVX2 CPU so that the result is equal to the bit: each gradient's
 * norm is accumulated in 8 float lanes (fused multiply-add), the lanes summed in order, the remaining
 * elements added one by one; the total is the same norm over the per-gradient norms; then
 * {@code coef = min(maxNorm * (1 / (total + 1e-6)), 1)} multiplies every gradient, also when it is 1.
 */
public final class GradientClipping {

    private static final int LANES = 8;
    /** Elements copied to the Java heap at a time (a multiple of {@code LANES}). */
    private static final int CHUNK = 4096;
    private static final float NORM_EPS = 1e-6f;

    private GradientClipping() {
    }

    /**
     * Scales the gradients in place so that their total L2 norm is at most {@code maxNorm}.
     *
     * @param gradients gradients by parameter name, in the model's parameter order (the order moves the total
     *                  by float rounding only); each a dense float32 array
     * @param maxNorm   the largest allowed total norm ({@code max_grad_norm}), {@code >= 0}
     * @return the total norm before clipping (what the Trainer logs as {@code grad_norm})
     * @throws IllegalStateException when a gradient's norm is NaN or infinite; no gradient is changed then
     */
    public static float clipGradNorm(Map<String, INDArray> gradients, double maxNorm) {
        if (!(maxNorm >= 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("maxNorm must be finite and >= 0, got " + maxNorm);
        }
        if (gradients.isEmpty()) {
            return 0f;
        }
        List<FloatBuffer> buffers = new ArrayList<>(gradients.size());
        float[] norms = new float[gradients.size()];
        int i = 0;
        for (Map.Entry<String, INDArray> entry : gradients.entrySet()) {
            FloatBuffer buffer = DenseFloats.of("gradient", entry.getKey(), entry.getValue());
            norms[i] = norm(buffer);
            if (!Float.isFinite(norms[i])) {
                throw new IllegalStateException("the gradient of '" + entry.getKey() + "' has a non-finite L2 norm ("
                        + norms[i] + "): NaN or infinite values; gradients left unclipped");
            }
            buffers.add(buffer);
            i++;
        }
        float total = norm(FloatBuffer.wrap(norms));
        if (!Float.isFinite(total)) {
            throw new IllegalStateException("the total gradient norm overflowed float32 (" + total
                    + "); gradients left unclipped");
        }
        float coef = Math.min((1f / (total + NORM_EPS)) * (float) maxNorm, 1f);
        float[] chunk = new float[CHUNK];
        for (FloatBuffer buffer : buffers) {
            for (int start = 0, n = buffer.limit(); start < n; start += CHUNK) {
                int len = Math.min(CHUNK, n - start);
                buffer.get(start, chunk, 0, len);
                for (int k = 0; k < len; k++) {
                    chunk[k] *= coef;
                }
                buffer.put(start, chunk, 0, len);
            }
        }
        return total;
    }

    /** The L2 norm of a float32 vector, accumulated as torch's vectorised {@code vector_norm} kernel does. */
    static float norm(FloatBuffer values) {
        int n = values.limit();
        float[] lanes = new float[LANES];
        int blocked = n - n % LANES;
        float[] chunk = new float[Math.min(blocked, CHUNK)];
        for (int start = 0; start < blocked; start += CHUNK) {
            int len = Math.min(CHUNK, blocked - start);
            values.get(start, chunk, 0, len);
            for (int d = 0; d < len; d += LANES) {
                for (int lane = 0; lane < LANES; lane++) {
                    float x = chunk[d + lane];
                    lanes[lane] = Math.fma(x, x, lanes[lane]);
                }
            }
        }
        float sum = lanes[0];
        for (int lane = 1; lane < LANES; lane++) {
            sum += lanes[lane];
        }
        for (int d = blocked; d < n; d++) {
            float x = values.get(d);
            sum = Math.fma(x, x, sum);
        }
        return (float) Math.sqrt(sum);
    }
}
