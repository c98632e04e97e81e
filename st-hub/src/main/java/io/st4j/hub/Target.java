package io.st4j.hub;

/** What a request is about, for error messages: repository, revision and path (each may be null). */
record Target(RepoType type, String repoId, String revision, String path) {

    static Target repo(RepoType type, String repoId, String revision) {
        return new Target(type, repoId, revision, null);
    }

    Target withPath(String newPath) {
        return new Target(type, repoId, revision, newPath);
    }

    Target withRevision(String newRevision) {
        return new Target(type, repoId, newRevision, path);
    }

    /** E.g. {@code model 'org/name' at revision 'main', file 'config.json'}. */
    String describe() {
        StringBuilder text = new StringBuilder();
        if (repoId != null) {
            text.append(type == null ? "repository" : type.value()).append(" '").append(repoId).append('\'');
        }
        if (revision != null) {
            text.append(text.length() > 0 ? " at " : "").append("revision '").append(revision).append('\'');
        }
        if (path != null) {
            text.append(text.length() > 0 ? ", " : "").append("file '").append(path).append('\'');
        }
        return text.toString();
    }
}
