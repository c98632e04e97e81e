package io.st4j.hub.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorProto.DataType;

/** Decodes the values of ONNX {@link TensorProto}s (raw little-endian bytes or the typed repeated fields). */
final class OnnxTensors {

    private OnnxTensors() {
    }

    /** The shape of a tensor. */
    static long[] shape(TensorProto tensor) {
        return tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** The values of a float32 tensor, in row-major order. */
    static float[] floats(TensorProto tensor) {
        checkStoredInFile(tensor);
        if (tensor.getDataType() != DataType.FLOAT.getNumber()) {
            throw new IllegalArgumentException("tensor '" + tensor.getName() + "' has ONNX data type "
                    + DataType.forNumber(tensor.getDataType()) + "; only FLOAT (float32) weights are supported");
        }
        int count = Math.toIntExact(elementCount(tensor));
        float[] values = new float[count];
        if (!tensor.getRawData().isEmpty()) {
            if (tensor.getRawData().size() != 4L * count) {
                throw new IllegalArgumentException("tensor '" + tensor.getName() + "' holds "
                        + tensor.getRawData().size() + " bytes, its shape needs " + 4L * count);
            }
            littleEndian(tensor).asFloatBuffer().get(values);
        } else {
            if (tensor.getFloatDataCount() != count) {
                throw new IllegalArgumentException("tensor '" + tensor.getName() + "' holds "
                        + tensor.getFloatDataCount() + " floats, its shape needs " + count);
            }
            for (int i = 0; i < count; i++) {
                values[i] = tensor.getFloatData(i);
            }
        }
        return values;
    }

    /**
     * The values of a small numeric tensor (a graph constant such as a reshape target or a scalar), as
     * doubles; float32 values are widened through their shortest decimal form, so 1e-12f gives 1e-12.
     */
    static double[] numbers(TensorProto tensor) {
        checkStoredInFile(tensor);
        int count = Math.toIntExact(elementCount(tensor));
        double[] values = new double[count];
        boolean raw = !tensor.getRawData().isEmpty();
        DataType type = DataType.forNumber(tensor.getDataType());
        for (int i = 0; i < count; i++) {
            values[i] = switch (type == null ? DataType.UNDEFINED : type) {
                case FLOAT -> Double.parseDouble(Float.toString(
                        raw ? littleEndian(tensor).getFloat(4 * i) : tensor.getFloatData(i)));
                case DOUBLE -> raw ? littleEndian(tensor).getDouble(8 * i) : tensor.getDoubleData(i);
                case INT64 -> raw ? littleEndian(tensor).getLong(8 * i) : tensor.getInt64Data(i);
                case INT32 -> raw ? littleEndian(tensor).getInt(4 * i) : tensor.getInt32Data(i);
                default -> throw new IllegalArgumentException("constant '" + tensor.getName()
                        + "' has unsupported ONNX data type " + type);
            };
        }
        return values;
    }

    private static long elementCount(TensorProto tensor) {
        long count = 1;
        for (long dim : tensor.getDimsList()) {
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    private static ByteBuffer littleEndian(TensorProto tensor) {
        return tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void checkStoredInFile(TensorProto tensor) {
        if (tensor.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new IllegalArgumentException("tensor '" + tensor.getName()
                    + "' is stored in an external data file, which is not supported");
        }
    }
}
