package io.st4j.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Named float arrays (parameters or gradients) as plain Java arrays, to cross JVMs; {@code version} is the step. */
record Weights(long version, Map<String, float[]> values) implements Serializable {

    static Weights of(long version, Map<String, INDArray> arrays) {
        Map<String, float[]> values = new LinkedHashMap<>();
        arrays.forEach((name, array) -> values.put(name, array.castTo(DataType.FLOAT).dup('c').data().asFloat()));
        return new Weights(version, values);
    }

    /** Copies the values into {@code arrays} (same names and sizes), in place. */
    void assignTo(Map<String, INDArray> arrays) {
        arrays.forEach((name, array) -> {
            float[] value = values.get(name);
            if (value == null || value.length != array.length()) {
                throw new IllegalStateException("no weights of size " + array.length() + " for parameter '" + name
                        + "'");
            }
            array.assign(Nd4j.create(value, array.shape(), array.ordering()));
        });
    }

    /** The element-wise sum of two sets of gradients (a name missing from one counts as zeros). */
    static Weights sum(Weights a, Weights b) {
        Map<String, float[]> out = new LinkedHashMap<>(a.values);
        b.values.forEach((name, value) -> out.merge(name, value, (x, y) -> {
            float[] s = x.clone();
            for (int i = 0; i < s.length; i++) {
                s[i] += y[i];
            }
            return s;
        }));
        return new Weights(a.version, out);
    }

    /** The values as arrays shaped like {@code shapes}' arrays. */
    Map<String, INDArray> toArrays(Map<String, INDArray> shapes) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        values.forEach((name, value) -> out.put(name, Nd4j.create(value, shapes.get(name).shape(), 'c')));
        return out;
    }
}
