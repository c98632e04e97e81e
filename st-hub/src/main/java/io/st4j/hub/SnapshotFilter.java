package io.st4j.hub;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which files of a repository a snapshot download fetches: those matching any allow pattern (all when
 * none) and no ignore pattern. Patterns are shell-style as Python's {@code fnmatch}: '*' matches any
 * characters including '/', '?' one character, [...] a set; a pattern ending in '/' matches the folder.
 */
public record SnapshotFilter(List<String> allowPatterns, List<String> ignorePatterns) {

    /** Every file. */
    public static final SnapshotFilter ALL = new SnapshotFilter(List.of(), List.of());

    public SnapshotFilter {
        allowPatterns = List.copyOf(allowPatterns);
        ignorePatterns = List.copyOf(ignorePatterns);
    }

    public static SnapshotFilter allow(String... patterns) {
        return new SnapshotFilter(List.of(patterns), List.of());
    }

    public static SnapshotFilter ignore(String... patterns) {
        return new SnapshotFilter(List.of(), List.of(patterns));
    }

    public boolean accepts(String path) {
        boolean allowed = allowPatterns.isEmpty() || allowPatterns.stream().anyMatch(p -> matches(p, path));
        return allowed && ignorePatterns.stream().noneMatch(p -> matches(p, path));
    }

    private static boolean matches(String pattern, String path) {
        String glob = pattern.endsWith("/") ? pattern + "*" : pattern;
        return Pattern.compile(fnmatchRegex(glob), Pattern.DOTALL).matcher(path).matches();
    }

    /** Python's {@code fnmatch.translate}. */
    static String fnmatchRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else if (c == '[') {
                int j = i + 1;
                if (j < glob.length() && glob.charAt(j) == '!') {
                    j++;
                }
                if (j < glob.length() && glob.charAt(j) == ']') {
                    j++;
                }
                while (j < glob.length() && glob.charAt(j) != ']') {
                    j++;
                }
                if (j >= glob.length()) {
                    regex.append("\\[");
                } else {
                    String set = glob.substring(i + 1, j).replace("\\", "\\\\");
                    regex.append('[').append(set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
                    i = j;
                }
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
