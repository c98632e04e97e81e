package io.st4j.core.train.optim;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * AdamW's state, as torch keeps it per parameter: the number of updates the parameter received and its first
 * and second moments. Parameters that never had a gradient have no entry. {@link OptimizerStateFile} stores it.
 *
 * @param parameters state by parameter name
 */
public record OptimizerState(Map<String, ParameterState> parameters) {

    /** Name prefix of the first moments in {@link #tensors()}. */
    public static final String EXP_AVG = "exp_avg.";
    /** Name prefix of the second moments in {@link #tensors()}. */
    public static final String EXP_AVG_SQ = "exp_avg_sq.";

    public OptimizerState {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * One parameter's state.
     *
     * @param step     updates applied so far ({@code state['step']})
     * @param expAvg   the first moment ({@code exp_avg}), float32
     * @param expAvgSq the second moment ({@code exp_avg_sq}), float32, same shape
     */
    public record ParameterState(long step, INDArray expAvg, INDArray expAvgSq) {
        public ParameterState {
            Objects.requireNonNull(expAvg, "expAvg");
            Objects.requireNonNull(expAvgSq, "expAvgSq");
            if (step < 0) {
                throw new IllegalArgumentException("step must be >= 0, got " + step);
            }
            if (expAvg.dataType() != DataType.FLOAT || expAvgSq.dataType() != DataType.FLOAT) {
                throw new IllegalArgumentException("moments must be FLOAT, got " + expAvg.dataType() + " and "
                        + expAvgSq.dataType());
            }
            if (!Arrays.equals(expAvg.shape(), expAvgSq.shape())) {
                throw new IllegalArgumentException("exp_avg shape " + Arrays.toString(expAvg.shape())
                        + " differs from exp_avg_sq shape " + Arrays.toString(expAvgSq.shape()));
            }
        }
    }

    /** The moments as named arrays: {@code exp_avg.<parameter>} and {@code exp_avg_sq.<parameter>}. */
    public Map<String, INDArray> tensors() {
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        parameters.forEach((name, state) -> {
            tensors.put(EXP_AVG + name, state.expAvg());
            tensors.put(EXP_AVG_SQ + name, state.expAvgSq());
        });
        return tensors;
    }

    /** The update count of every parameter. */
    public Map<String, Long> steps() {
        Map<String, Long> steps = new LinkedHashMap<>();
        parameters.forEach((name, state) -> steps.put(name, state.step()));
        return steps;
    }

    /** The inverse of {@link #tensors()} and {@link #steps()}; every parameter needs both moments and a step. */
    public static OptimizerState fromTensors(Map<String, INDArray> tensors, Map<String, Long> steps) {
        Map<String, ParameterState> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, Long> entry : steps.entrySet()) {
            String name = entry.getKey();
            INDArray expAvg = tensors.get(EXP_AVG + name);
            INDArray expAvgSq = tensors.get(EXP_AVG_SQ + name);
            if (expAvg == null || expAvgSq == null) {
                throw new IllegalArgumentException("optimizer state of '" + name + "' lacks "
                        + (expAvg == null ? EXP_AVG + name : EXP_AVG_SQ + name));
            }
            parameters.put(name, new ParameterState(entry.getValue(), expAvg, expAvgSq));
        }
        if (tensors.size() != 2 * parameters.size()) {
            String stray = tensors.keySet().stream()
                    .filter(k -> !(k.startsWith(EXP_AVG_SQ) && steps.containsKey(k.substring(EXP_AVG_SQ.length())))
                            && !(k.startsWith(EXP_AVG) && steps.containsKey(k.substring(EXP_AVG.length()))))
                    .findFirst().orElse("?");
            throw new IllegalArgumentException("optimizer state tensor '" + stray + "' belongs to no parameter step");
        }
        return new OptimizerState(parameters);
    }
}
