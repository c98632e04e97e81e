package io.st4j.hub;

/**
 * An entry of a repository tree listing ({@code GET /api/models/{id}/tree/{revision}}).
 *
 * @param type {@code file} or {@code directory}
 * @param oid the git object id (blob sha1 for files)
 * @param lfs the LFS pointer's details, or null for a regular (or directory) entry
 */
public record RepoFile(String type, String path, long size, String oid, Lfs lfs) {

    /** @param sha256 the content's sha256 (the LFS oid) */
    public record Lfs(String sha256, long size, long pointerSize) {
    }

    public boolean isDirectory() {
        return "directory".equals(type);
    }
}
