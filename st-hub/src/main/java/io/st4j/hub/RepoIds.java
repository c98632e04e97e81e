package io.st4j.hub;

import java.util.regex.Pattern;

/** Validation of repository ids, revisions and paths before they reach a URL or a cache path. */
final class RepoIds {

    /** huggingface_hub's {@code validate_repo_id}: an optional namespace, a name of [\w.-], no "--" or "..". */
    private static final Pattern REPO_ID = Pattern.compile("^(?:[\\w\\-.]+/)?[\\w\\-.]{1,96}$");
    static final Pattern COMMIT_HASH = Pattern.compile("^[0-9a-f]{40}$");

    private RepoIds() {
    }

    static boolean isValid(String repoId) {
        return repoId != null && REPO_ID.matcher(repoId).matches() && !repoId.contains("--")
                && !repoId.contains("..") && !repoId.startsWith("-") && !repoId.startsWith(".")
                && !repoId.endsWith(".git");
    }

    static String check(String repoId) {
        if (!isValid(repoId)) {
            throw new IllegalArgumentException("Invalid repository id '" + repoId
                    + "': expected 'name' or 'namespace/name' of letters, digits, '-', '_' and '.', "
                    + "without '--' or '..'");
        }
        return repoId;
    }

    static boolean isCommitHash(String revision) {
        return COMMIT_HASH.matcher(revision).matches();
    }

    /** A path inside a repository: relative, '/'-separated, no '.' or '..' parts. */
    static String checkPath(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\")) {
            throw new IllegalArgumentException("Invalid path in repository: '" + path + "'");
        }
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("Invalid path in repository: '" + path + "'");
            }
        }
        return path;
    }
}
