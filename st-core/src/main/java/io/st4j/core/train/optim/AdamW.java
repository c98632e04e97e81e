package io.st4j.core.train.optim;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code torch.optim.AdamW} (amsgrad off), updating float32 parameter arrays in place with the float operations
 * of torch 1.13's single-tensor loop, so that a trace matches torch's to the bit. For each parameter that has a
 * gradient, with {@code lr} = group rate x schedule factor:
 * <pre>
 *   t += 1
 *   p *= 1 - lr * wd                          (decoupled weight decay, first)
 *   m  = beta1 * m + (1 - beta1) * g
 *   v  = beta2 * v + (1 - beta2) * g * g
 *   p += -(lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * Scalars are computed in double and rounded to float32 where torch does; multiply-adds are fused, as the
 * reference trace and the reference gradient norms show torch's AVX2 kernels do. Parameters without a gradient in a step are skipped entirely (no decay, no state
 * change), and an update at rate 0 still advances the moments and {@code t}, as in torch.
 */
public final class AdamW {

    /** torch's and the Trainer's {@code adam_beta1}. */
    public static final double DEFAULT_BETA1 = 0.9;
    /** torch's and the Trainer's {@code adam_beta2}. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** torch's and the Trainer's {@code adam_epsilon}. */
    public static final double DEFAULT_EPSILON = 1e-8;

    /** Elements copied to the Java heap at a time, so that the update loop runs over plain arrays. */
    private static final int CHUNK = 4096;

    private final List<ParameterGroup> groups;
    private final Set<String> grouped;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final Map<String, Slot> slots = new LinkedHashMap<>();

    /** AdamW with the default betas (0.9, 0.999) and epsilon 1e-8. */
    public AdamW(List<ParameterGroup> groups) {
        this(groups, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    /**
     * @param groups  the parameter groups; a parameter may be in one group only
     * @param beta1   {@code adam_beta1}, in [0, 1)
     * @param beta2   {@code adam_beta2}, in [0, 1)
     * @param epsilon {@code adam_epsilon}, added after the bias correction of the second moment
     */
    public AdamW(List<ParameterGroup> groups, double beta1, double beta2, double epsilon) {
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("invalid beta1 " + beta1 + ": must be in [0, 1)");
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("invalid beta2 " + beta2 + ": must be in [0, 1)");
        }
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("invalid epsilon " + epsilon + ": must be finite and >= 0");
        }
        Set<String> grouped = new HashSet<>();
        for (ParameterGroup group : groups) {
            for (String name : group.parameterNames()) {
                if (!grouped.add(name)) {
                    throw new IllegalArgumentException("parameter '" + name + "' appears in more than one group");
                }
            }
        }
        this.groups = List.copyOf(groups);
        this.grouped = Set.copyOf(grouped);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    /** The parameter groups, in order. */
    public List<ParameterGroup> groups() {
        return groups;
    }

    /**
     * One optimizer update ({@code optimizer.step()}).
     *
     * @param parameters         every grouped parameter by name, dense float32, updated in place
     * @param gradients          gradients by name (a missing one means "no gradient": the parameter is
     *                           skipped); gradients of parameters outside every group are ignored
     * @param learningRateFactor the schedule's factor for this update, multiplying every group's rate
     */
    public void step(Map<String, INDArray> parameters, Map<String, INDArray> gradients, double learningRateFactor) {
        if (!(learningRateFactor >= 0) || Double.isInfinite(learningRateFactor)) {
            throw new IllegalArgumentException("learning-rate factor must be finite and >= 0, got "
                    + learningRateFactor);
        }
        for (ParameterGroup group : groups) {
            double lr = group.learningRate() * learningRateFactor;
            for (String name : group.parameterNames()) {
                INDArray gradient = gradients.get(name);
                if (gradient == null) {
                    continue;
                }
                INDArray parameter = parameters.get(name);
                if (parameter == null) {
                    throw new IllegalArgumentException("gradient given for '" + name + "' but no parameter array");
                }
                requireSameShape(name, "gradient", gradient, parameter);
                Slot slot = slots.computeIfAbsent(name, n -> new Slot(parameter.shape()));
                requireSameShape(name, "optimizer state", slot.expAvg, parameter);
                update(name, parameter, gradient, slot, lr, group.weightDecay());
            }
        }
    }

    private void update(String name, INDArray parameter, INDArray gradient, Slot slot, double lr, double wd) {
        FloatBuffer p = DenseFloats.of("parameter", name, parameter);
        FloatBuffer g = DenseFloats.of("gradient", name, gradient);
        FloatBuffer m = DenseFloats.of("exp_avg", name, slot.expAvg);
        FloatBuffer v = DenseFloats.of("exp_avg_sq", name, slot.expAvgSq);
        slot.step++;
        float decay = (float) (1 - lr * wd);
        float b1 = (float) beta1;
        float gradWeight1 = (float) (1 - beta1);
        float b2 = (float) beta2;
        float gradWeight2 = (float) (1 - beta2);
        double biasCorrection1 = 1 - StrictMath.pow(beta1, slot.step);
        double biasCorrection2 = 1 - StrictMath.pow(beta2, slot.step);
        float negativeStepSize = (float) -(lr / biasCorrection1);
        float biasCorrection2Sqrt = (float) Math.sqrt(biasCorrection2);
        float eps = (float) epsilon;
        int n = p.limit();
        int chunk = Math.min(n, CHUNK);
        float[] pc = new float[chunk];
        float[] gc = new float[chunk];
        float[] mc = new float[chunk];
        float[] vc = new float[chunk];
        for (int start = 0; start < n; start += chunk) {
            int len = Math.min(chunk, n - start);
            p.get(start, pc, 0, len);
            g.get(start, gc, 0, len);
            m.get(start, mc, 0, len);
            v.get(start, vc, 0, len);
            for (int i = 0; i < len; i++) {
                float grad = gc[i];
                float expAvg = Math.fma(grad, gradWeight1, mc[i] * b1);
                float expAvgSq = Math.fma(gradWeight2 * grad, grad, vc[i] * b2);
                float denominator = (float) Math.sqrt(expAvgSq) / biasCorrection2Sqrt + eps;
                mc[i] = expAvg;
                vc[i] = expAvgSq;
                pc[i] = pc[i] * decay + (negativeStepSize * expAvg) / denominator;
            }
            p.put(start, pc, 0, len);
            m.put(start, mc, 0, len);
            v.put(start, vc, 0, len);
        }
    }

    /** A copy of the current state, for a checkpoint. */
    public OptimizerState state() {
        Map<String, OptimizerState.ParameterState> copy = new LinkedHashMap<>();
        slots.forEach((name, slot) -> copy.put(name,
                new OptimizerState.ParameterState(slot.step, slot.expAvg.dup('c'), slot.expAvgSq.dup('c'))));
        return new OptimizerState(copy);
    }

    /**
     * Replaces the current state with a copy of {@code state} (resuming from a checkpoint).
     *
     * @throws IllegalArgumentException when the state names a parameter that is in no group
     */
    public void loadState(OptimizerState state) {
        Map<String, Slot> loaded = new LinkedHashMap<>();
        state.parameters().forEach((name, s) -> {
            if (!grouped.contains(name)) {
                throw new IllegalArgumentException("optimizer state names parameter '" + name
                        + "', which is in no parameter group");
            }
            loaded.put(name, new Slot(s.step(), s.expAvg().dup('c'), s.expAvgSq().dup('c')));
        });
        slots.clear();
        slots.putAll(loaded);
    }

    private static void requireSameShape(String name, String what, INDArray array, INDArray parameter) {
        if (!Arrays.equals(array.shape(), parameter.shape())) {
            throw new IllegalArgumentException(what + " of '" + name + "' has shape " + Arrays.toString(array.shape())
                    + " but the parameter has shape " + Arrays.toString(parameter.shape()));
        }
    }

    /** Mutable per-parameter state. */
    private static final class Slot {
        long step;
        final INDArray expAvg;
        final INDArray expAvgSq;

        Slot(long[] shape) {
            this(0, Nd4j.zeros(DataType.FLOAT, shape), Nd4j.zeros(DataType.FLOAT, shape));
        }

        Slot(long step, INDArray expAvg, INDArray expAvgSq) {
            this.step = step;
            this.expAvg = expAvg;
            this.expAvgSq = expAvgSq;
        }
    }
}
