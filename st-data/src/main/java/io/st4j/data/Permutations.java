package io.st4j.data;

import java.util.SplittableRandom;

/** Random permutations for shuffles and samplers (Fisher–Yates with a seeded generator). */
public final class Permutations {

    private Permutations() {
    }

    /** A random permutation of {@code 0 .. n-1}. */
    public static int[] random(int n, SplittableRandom random) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = out[i];
            out[i] = out[j];
            out[j] = swap;
        }
        return out;
    }
}
