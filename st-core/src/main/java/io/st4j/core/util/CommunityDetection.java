package io.st4j.core.util;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * sentence-transformers' {@code util.community_detection} (fast clustering): every row with at least
 * {@code minCommunitySize} rows (itself included) at cosine similarity {@code >= threshold} seeds a
 * community of those rows; communities are taken largest first, each dropping rows already taken, and kept
 * while they still hold {@code minCommunitySize} rows.
 */
public final class CommunityDetection {

    private CommunityDetection() {
    }

    /** {@link #communityDetection(float[][], Options)} with {@link Options#DEFAULTS}. */
    public static List<List<Integer>> communityDetection(float[][] embeddings) {
        return communityDetection(embeddings, Options.DEFAULTS);
    }

    /**
     * The communities, largest first (equal sizes in the order of their seed rows); in each, the seed row
     * first and then its members by descending cosine similarity to the seed (equal scores by row index).
     */
    public static List<List<Integer>> communityDetection(float[][] embeddings, Options options) {
        Matrices.requireMatrix(embeddings, "embeddings");
        int n = embeddings.length;
        // torch compares float32 scores with torch.tensor(threshold), a float32.
        float threshold = (float) options.threshold();
        int minSize = Math.min(options.minCommunitySize(), n);
        // Python widens its sort window on demand and keeps it widened for the following rows; members are
        // cut at the window as it stands.
        int sortMaxSize = Math.min(Math.max(2 * minSize, 50), n);
        float[][] normalized = Similarity.normalize(embeddings);

        List<List<Integer>> extracted = new ArrayList<>();
        for (int start = 0; start < n; start += options.batchSize()) {
            float[][] scores = Similarity.dotScore(Matrices.rows(normalized, start, options.batchSize()), normalized);
            for (float[] row : scores) {
                Integer[] close = atOrAbove(row, threshold);
                if (close.length < minSize) {
                    continue;
                }
                while (sortMaxSize < n && sortMaxSize <= close.length && row[close[sortMaxSize - 1]] > threshold) {
                    sortMaxSize = Math.min(2 * sortMaxSize, n);
                }
                extracted.add(List.of(Arrays.copyOf(close, Math.min(sortMaxSize, close.length))));
            }
        }
        Comparator<List<Integer>> largestFirst = Comparator.comparingInt(c -> -c.size());
        extracted.sort(largestFirst);

        List<List<Integer>> unique = new ArrayList<>();
        Set<Integer> taken = new HashSet<>();
        for (List<Integer> community : extracted) {
            List<Integer> rest = community.stream().filter(idx -> !taken.contains(idx)).toList();
            if (rest.size() >= minSize) {
                unique.add(rest);
                taken.addAll(rest);
            }
        }
        unique.sort(largestFirst);
        return List.copyOf(unique);
    }

    /** Indices with {@code row[i] >= threshold}, by descending score then ascending index. */
    private static Integer[] atOrAbove(float[] row, float threshold) {
        List<Integer> close = new ArrayList<>();
        for (int i = 0; i < row.length; i++) {
            if (row[i] >= threshold) {
                close.add(i);
            }
        }
        Integer[] sorted = close.toArray(new Integer[0]);
        Arrays.sort(sorted, (x, y) -> TopK.better(x, y, row) ? -1 : (TopK.better(y, x, row) ? 1 : 0));
        return sorted;
    }

    /**
     * Arguments of {@code community_detection} with its defaults.
     *
     * @param threshold        cosine similarity at or above which two rows are close (0.75)
     * @param minCommunitySize smallest community returned (10)
     * @param batchSize        rows whose similarities are computed at a time (1024)
     */
    public record Options(double threshold, int minCommunitySize, int batchSize) {

        /** sentence-transformers' defaults. */
        public static final Options DEFAULTS = builder().build();

        public Options {
            if (!Double.isFinite(threshold)) {
                throw new IllegalArgumentException("threshold must be a finite number, got " + threshold);
            }
            Matrices.requirePositive(minCommunitySize, "minCommunitySize");
            Matrices.requirePositive(batchSize, "batchSize");
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builder for {@link Options}. */
        public static final class Builder {
            private double threshold = 0.75;
            private int minCommunitySize = 10;
            private int batchSize = 1024;

            public Builder threshold(double threshold) {
                this.threshold = threshold;
                return this;
            }

            public Builder minCommunitySize(int minCommunitySize) {
                this.minCommunitySize = minCommunitySize;
                return this;
            }

            public Builder batchSize(int batchSize) {
                this.batchSize = batchSize;
                return this;
            }

            public Options build() {
                return new Options(threshold, minCommunitySize, batchSize);
            }
        }
    }
}
