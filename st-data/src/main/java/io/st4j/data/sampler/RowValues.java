package io.st4j.data.sampler;

import io.st4j.data.Column;
import io.st4j.data.TextColumn;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.openhft.hashing.LongHashFunction;

/**
 * The values of a row that duplicate checks compare: every column's value as Python's {@code str()}
 * prints it, hashed with xxHash64 of its UTF-8 bytes (as sentence-transformers' hashed sampler does).
 */
final class RowValues {

    private static final LongHashFunction XX_HASH = LongHashFunction.xx();

    private final Column[] columns;

    RowValues(List<Column> columns) {
        this.columns = columns.toArray(Column[]::new);
    }

    int width() {
        return columns.length;
    }

    long hash(int column, int row) {
        Column values = columns[column];
        if (values instanceof TextColumn texts) {
            return texts.hash64(row);
        }
        return XX_HASH.hashBytes(values.valueString(row).getBytes(StandardCharsets.UTF_8));
    }

    boolean equal(int columnA, int rowA, int columnB, int rowB) {
        Column a = columns[columnA];
        Column b = columns[columnB];
        if (a instanceof TextColumn textA && b instanceof TextColumn textB) {
            return textA.textEquals(rowA, textB, rowB);
        }
        return a.valueString(rowA).equals(b.valueString(rowB));
    }
}
