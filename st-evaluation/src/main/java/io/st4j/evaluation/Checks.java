package io.st4j.evaluation;

import java.util.Collection;
import java.util.List;

/** Argument checks with messages that name the offending argument and value. */
final class Checks {

    private Checks() {
    }

    static <T> List<T> texts(String what, List<T> texts) {
        if (texts == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw new IllegalArgumentException(what + "[" + i + "] is null");
            }
        }
        return List.copyOf(texts);
    }

    static void nonEmpty(String what, Collection<?> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty: nothing to evaluate");
        }
    }

    static void sameSize(String whatA, int a, String whatB, int b) {
        if (a != b) {
            throw new IllegalArgumentException(whatA + " and " + whatB + " differ in length: " + a + " vs " + b);
        }
    }

    static int positive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be >= 1, got " + value);
        }
        return value;
    }

    static List<Integer> ks(String what, List<Integer> ks) {
        if (ks == null || ks.isEmpty()) {
            throw new IllegalArgumentException(what + " must name at least one k");
        }
        for (Integer k : ks) {
            if (k == null || k < 1) {
                throw new IllegalArgumentException(what + " must hold values >= 1, got " + ks);
            }
        }
        return List.copyOf(ks);
    }

    static double finite(String what, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " is not a finite number: " + value);
        }
        return value;
    }
}
