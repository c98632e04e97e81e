package io.st4j.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.st4j.core.SentenceTransformer;
import java.util.List;
import java.util.function.Supplier;

/** Test helpers comparing the two encode paths (lean executor and SameDiff graph). */
public final class EncodePaths {

    private EncodePaths() {
    }

    /** Runs {@code action} with {@link SentenceTransformer#ENCODE_PATH_PROPERTY} set to {@code path}, then restores it. */
    public static <T> T withPath(String path, Supplier<T> action) {
        String before = System.getProperty(SentenceTransformer.ENCODE_PATH_PROPERTY);
        System.setProperty(SentenceTransformer.ENCODE_PATH_PROPERTY, path);
        try {
            return action.get();
        } finally {
            if (before == null) {
                System.clearProperty(SentenceTransformer.ENCODE_PATH_PROPERTY);
            } else {
                System.setProperty(SentenceTransformer.ENCODE_PATH_PROPERTY, before);
            }
        }
    }

    /** The largest absolute difference between matching entries; fails if the shapes differ. */
    public static double maxDiff(List<float[][]> expected, List<float[][]> actual) {
        assertEquals(expected.size(), actual.size(), "texts");
        double max = 0;
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).length, actual.get(i).length, "rows of text " + i);
            for (int r = 0; r < expected.get(i).length; r++) {
                for (int d = 0; d < expected.get(i)[r].length; d++) {
                    max = Math.max(max, Math.abs(expected.get(i)[r][d] - actual.get(i)[r][d]));
                }
            }
        }
        return max;
    }
}
