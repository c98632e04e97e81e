package io.st4j.core.util;

import io.st4j.core.Precision;

/**
 * Embeddings after {@link Quantization#quantizeEmbeddings}: for int8 and uint8 one byte per dimension,
 * for binary and ubinary one bit per dimension packed eight to a byte (first dimension in the highest
 * bit, the last byte of a row padded with zero bits), for float32 the floats themselves.
 * Immutable: accessors return copies.
 */
public final class QuantizedEmbeddings {

    private final Precision precision;
    private final int dimensions;
    private final byte[][] bytes;
    private final float[][] floats;

    private QuantizedEmbeddings(Precision precision, int dimensions, byte[][] bytes, float[][] floats) {
        this.precision = precision;
        this.dimensions = dimensions;
        this.bytes = bytes;
        this.floats = floats;
    }

    static QuantizedEmbeddings ofBytes(Precision precision, int dimensions, byte[][] bytes) {
        return new QuantizedEmbeddings(precision, dimensions, bytes, null);
    }

    static QuantizedEmbeddings ofFloats(int dimensions, float[][] floats) {
        return new QuantizedEmbeddings(Precision.FLOAT32, dimensions, null, floats);
    }

    /** The precision these embeddings are stored in. */
    public Precision precision() {
        return precision;
    }

    /** The number of embeddings. */
    public int rows() {
        return floats != null ? floats.length : bytes.length;
    }

    /** The dimension of the embeddings before quantization. */
    public int dimensions() {
        return dimensions;
    }

    /** Values stored per row: the dimension, or {@code ceil(dimension / 8)} packed bytes for (u)binary. */
    public int columns() {
        return isBinary() ? (dimensions + 7) / 8 : dimensions;
    }

    /**
     * The stored value at (row, column) as sentence-transformers' array holds it: signed for int8 and
     * binary (-128..127), unsigned for uint8 and ubinary (0..255); for float32 use {@link #toFloats()}.
     */
    public int get(int row, int column) {
        requireBytes();
        byte b = bytes[row][column];
        return signed() ? b : Byte.toUnsignedInt(b);
    }

    /**
     * A copy of the raw bytes, {@code [rows][columns()]}; uint8 and ubinary values are the unsigned
     * reading of each byte (as {@link Byte#toUnsignedInt}).
     *
     * @throws IllegalStateException for float32, which is not stored as bytes
     */
    public byte[][] bytes() {
        requireBytes();
        byte[][] copy = new byte[bytes.length][];
        for (int r = 0; r < bytes.length; r++) {
            copy[r] = bytes[r].clone();
        }
        return copy;
    }

    /**
     * The stored values as exact floats, {@code [rows][columns()]}: what {@code encode(precision=...)}
     * returns, converted to float (packed bytes stay packed for (u)binary).
     */
    public float[][] toFloats() {
        if (floats != null) {
            float[][] copy = new float[floats.length][];
            for (int r = 0; r < floats.length; r++) {
                copy[r] = floats[r].clone();
            }
            return copy;
        }
        float[][] out = new float[bytes.length][columns()];
        for (int r = 0; r < bytes.length; r++) {
            for (int c = 0; c < out[r].length; c++) {
                out[r][c] = get(r, c);
            }
        }
        return out;
    }

    /**
     * The float view sentence-transformers' evaluators score, {@code [rows][...]}: the values of
     * {@link #toFloats()} for float32, int8 and uint8; for binary and ubinary the bits unpacked to 0 or 1,
     * {@code 8 * columns()} per row (as {@code np.unpackbits}, padding bits included).
     */
    public float[][] toEvaluationFloats() {
        if (!isBinary()) {
            return toFloats();
        }
        float[][] out = new float[bytes.length][8 * columns()];
        for (int r = 0; r < bytes.length; r++) {
            for (int bit = 0; bit < out[r].length; bit++) {
                // binary holds (packed bits - 128): add 128 back, as the evaluators do.
                int packed = Byte.toUnsignedInt(bytes[r][bit >>> 3]) ^ (precision == Precision.BINARY ? 0x80 : 0);
                out[r][bit] = (packed >>> (7 - (bit & 7))) & 1;
            }
        }
        return out;
    }

    private boolean isBinary() {
        return precision == Precision.BINARY || precision == Precision.UBINARY;
    }

    private boolean signed() {
        return precision == Precision.INT8 || precision == Precision.BINARY;
    }

    private void requireBytes() {
        if (bytes == null) {
            throw new IllegalStateException("float32 embeddings are not stored as bytes; use toFloats()");
        }
    }
}
