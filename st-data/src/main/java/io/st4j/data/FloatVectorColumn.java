package io.st4j.data;

import java.util.Arrays;
import java.util.List;

/** A column holding a list of floats per row (rows may differ in length), stored in one flat array. */
public final class FloatVectorColumn implements Column {

    private final float[] data;
    private final int[] offsets;

    /**
     * Wraps a flat array and row offsets (not copied): row {@code i} is
     * {@code data[offsets[i] .. offsets[i + 1])}, so {@code offsets} has one more entry than rows.
     */
    public FloatVectorColumn(float[] data, int[] offsets) {
        if (offsets.length == 0 || offsets[0] != 0 || offsets[offsets.length - 1] != data.length) {
            throw new IllegalArgumentException("offsets must start at 0 and end at data.length");
        }
        this.data = data;
        this.offsets = offsets;
    }

    /** A column from one array per row. */
    public static FloatVectorColumn of(List<float[]> rows) {
        int[] offsets = new int[rows.size() + 1];
        for (int i = 0; i < rows.size(); i++) {
            offsets[i + 1] = offsets[i] + rows.get(i).length;
        }
        float[] data = new float[offsets[rows.size()]];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, data, offsets[i], rows.get(i).length);
        }
        return new FloatVectorColumn(data, offsets);
    }

    @Override
    public ColumnType type() {
        return ColumnType.FLOAT_VECTOR;
    }

    @Override
    public int size() {
        return offsets.length - 1;
    }

    /** Length of the vector at {@code row}. */
    public int length(int row) {
        return offsets[row + 1] - offsets[row];
    }

    /** Copies the vector at {@code row} into {@code target} from {@code targetOffset}. */
    public void copyTo(int row, float[] target, int targetOffset) {
        System.arraycopy(data, offsets[row], target, targetOffset, length(row));
    }

    @Override
    public float[] get(int row) {
        return Arrays.copyOfRange(data, offsets[row], offsets[row + 1]);
    }

    @Override
    public String valueString(int row) {
        StringBuilder out = new StringBuilder("[");
        for (int i = offsets[row]; i < offsets[row + 1]; i++) {
            out.append(i > offsets[row] ? ", " : "").append(PythonRepr.ofDouble(data[i]));
        }
        return out.append(']').toString();
    }

    @Override
    public FloatVectorColumn select(int[] rows) {
        int[] outOffsets = new int[rows.length + 1];
        for (int i = 0; i < rows.length; i++) {
            outOffsets[i + 1] = outOffsets[i] + length(rows[i]);
        }
        float[] out = new float[outOffsets[rows.length]];
        for (int i = 0; i < rows.length; i++) {
            copyTo(rows[i], out, outOffsets[i]);
        }
        return new FloatVectorColumn(out, outOffsets);
    }

    static FloatVectorColumn concat(List<FloatVectorColumn> parts) {
        int rows = parts.stream().mapToInt(FloatVectorColumn::size).sum();
        int values = parts.stream().mapToInt(p -> p.data.length).sum();
        float[] data = new float[values];
        int[] offsets = new int[rows + 1];
        int row = 0;
        int at = 0;
        for (FloatVectorColumn part : parts) {
            System.arraycopy(part.data, 0, data, at, part.data.length);
            for (int i = 1; i <= part.size(); i++) {
                offsets[row + i] = at + part.offsets[i];
            }
            row += part.size();
            at += part.data.length;
        }
        return new FloatVectorColumn(data, offsets);
    }
}
