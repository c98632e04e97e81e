package io.st4j.hub;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How {@code datasets} finds the data files of each split: glob patterns with fsspec semantics ('*' and
 * '?' stay within a folder, '**' crosses folders, "**&#47;" may match no folder), and, when a dataset
 * card declares no configs, the default split patterns ({@code data/{split}-00000-of-00001.*}, then
 * split keywords in folder names, then in file names, else everything is {@code train}).
 */
final class DataFilePatterns {

    private static final String SEP = "[-._ 0-9]";
    private static final Pattern SHARDED = Pattern.compile("^data/(\\w+)-\\d{5}-of-\\d{5}[^/]*\\.[^/]+$");
    private static final Map<String, List<String>> KEYWORDS = new LinkedHashMap<>();

    static {
        KEYWORDS.put("train", List.of("train", "training"));
        KEYWORDS.put("validation", List.of("validation", "valid", "dev", "val"));
        KEYWORDS.put("test", List.of("test", "testing", "eval", "evaluation"));
    }

    private DataFilePatterns() {
    }

    /** The data files among {@code files} matching any of {@code patterns}, sorted. */
    static List<String> resolve(List<String> files, List<String> patterns) {
        List<Pattern> regexes = patterns.stream().map(p -> Pattern.compile(globRegex(p))).toList();
        TreeSet<String> matched = new TreeSet<>();
        for (String file : files) {
            if (isDataFile(file) && regexes.stream().anyMatch(r -> r.matcher(file).matches())) {
                matched.add(file);
            }
        }
        return new ArrayList<>(matched);
    }

    /** The split → patterns {@code datasets} infers for a repository without declared configs. */
    static Map<String, List<String>> inferSplits(List<String> files) {
        List<String> data = files.stream().filter(DataFilePatterns::isDataFile).toList();
        Map<String, List<String>> sharded = new LinkedHashMap<>();
        for (String file : data) {
            Matcher m = SHARDED.matcher(file);
            if (m.matches()) {
                sharded.put(m.group(1), List.of("data/" + m.group(1) + "-[0-9][0-9][0-9][0-9][0-9]-of-"
                        + "[0-9][0-9][0-9][0-9][0-9]*.*"));
            }
        }
        if (!sharded.isEmpty()) {
            return sharded;
        }
        for (boolean inFolderName : new boolean[] {true, false}) {
            Map<String, List<String>> splits = new LinkedHashMap<>();
            KEYWORDS.forEach((split, keywords) -> {
                List<String> patterns = new ArrayList<>();
                for (String keyword : keywords) {
                    patterns.addAll(inFolderName
                            ? List.of("**/" + keyword + "/**", "**/" + keyword + SEP + "*/**",
                                    "**/*" + SEP + keyword + "/**", "**/*" + SEP + keyword + SEP + "*/**")
                            : List.of("**/" + keyword + SEP + "*", "**/*" + SEP + keyword + SEP + "*"));
                }
                if (!resolve(data, patterns).isEmpty()) {
                    splits.put(split, patterns);
                }
            });
            if (!splits.isEmpty()) {
                return splits;
            }
        }
        return data.isEmpty() ? Map.of() : Map.of("train", List.of("**"));
    }

    /** Supported extension, and no hidden ('.') or private ('__') folder or file. */
    static boolean isDataFile(String path) {
        for (String part : path.split("/")) {
            if (part.startsWith(".") || part.startsWith("__")) {
                return false;
            }
        }
        return DataFileFormat.of(path).isPresent();
    }

    /** fsspec glob semantics as a regular expression. */
    static String globRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (glob.startsWith("**/", i)) {
                regex.append("(?:.*/)?");
                i += 3;
            } else if (glob.startsWith("/**", i) && i + 3 == glob.length()) {
                regex.append("(?:/.*)?");
                i += 3;
            } else if (glob.startsWith("**", i)) {
                regex.append(".*");
                i += 2;
            } else if (c == '*') {
                regex.append("[^/]*");
                i++;
            } else if (c == '?') {
                regex.append("[^/]");
                i++;
            } else if (c == '[') {
                int end = glob.indexOf(']', i + 2);
                if (end < 0) {
                    regex.append("\\[");
                    i++;
                } else {
                    String set = glob.substring(i + 1, end);
                    regex.append('[').append(set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
                    i = end + 1;
                }
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return regex.toString();
    }
}
