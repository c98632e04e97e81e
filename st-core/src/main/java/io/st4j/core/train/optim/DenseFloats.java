package io.st4j.core.train.optim;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Zero-copy access to the float32 elements of an INDArray in host memory, so that the optimizer reads and
 * updates parameters, gradients and moments in place with the exact float operations torch performs.
 * Arrays must be dense: c-order with unit element stride (a row view is fine, a transposed or column view is
 * not). CPU backend only: a device buffer would need ND4J's host/device synchronisation.
 */
final class DenseFloats {

    private DenseFloats() {
    }

    /** A buffer whose index {@code i} is element {@code i} (c order) of {@code array}; writes go to the array. */
    static FloatBuffer of(String role, String name, INDArray array) {
        checkDense(role, name, array);
        if (array.length() == 0) {
            return FloatBuffer.allocate(0);
        }
        return array.data().asNioFloat().slice(Math.toIntExact(array.offset()), (int) array.length());
    }

    private static void checkDense(String role, String name, INDArray array) {
        if (array.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException(role + " '" + name + "' must be FLOAT (float32), got "
                    + array.dataType());
        }
        if (array.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(role + " '" + name + "' has " + array.length()
                    + " elements; at most " + Integer.MAX_VALUE + " are supported");
        }
        if (array.length() > 0 && (array.ordering() != 'c' || array.elementWiseStride() != 1)) {
            throw new IllegalArgumentException(role + " '" + name + "' must be a dense c-order array, got order '"
                    + array.ordering() + "' with element stride " + array.elementWiseStride()
                    + " (use dup('c'))");
        }
    }
}
