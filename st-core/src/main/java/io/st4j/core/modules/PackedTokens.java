package io.st4j.core.modules;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A batch's token embeddings as the lean executor computes them: the real tokens of each row, row after row.
 *
 * @param embeddings {@code [tokens, hidden]}
 * @param lengths    the real tokens of each row of {@code batch}
 * @param slots      each token's index in the batch's padded {@code [size × length]} layout
 */
public record PackedTokens(INDArray embeddings, int[] lengths, TokenBatch batch, int[] slots) {

    /** Whether every row's real tokens come first (padding on the right): a token's position is then its index. */
    public boolean rightPadded() {
        int token = 0;
        for (int row = 0; row < lengths.length; row++) {
            for (int t = 0; t < lengths[row]; t++, token++) {
                if (slots[token] != row * batch.length() + t) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The real tokens' rows as floats. */
    public FloatBuffer floats() {
        return embeddings.data().asNioFloat();
    }

    /** The token embeddings in the batch's padded layout, {@code [size, length, hidden]}, zero at padding. */
    public INDArray padded() {
        int hidden = (int) embeddings.size(1);
        INDArray out = Nd4j.zeros(DataType.FLOAT, batch.size(), batch.length(), hidden);
        FloatBuffer from = floats();
        FloatBuffer to = out.data().asNioFloat();
        float[] row = new float[hidden];
        for (int i = 0; i < slots.length; i++) {
            from.get(i * hidden, row, 0, hidden);
            to.put(slots[i] * hidden, row, 0, hidden);
        }
        return out;
    }
}
