package io.st4j.hub;

import java.net.URI;

/**
 * What a {@code HEAD .../resolve/{revision}/{path}} tells about a file.
 *
 * @param commitHash the commit the revision resolved to ({@code X-Repo-Commit})
 * @param etag {@code X-Linked-Etag} (sha256 of an LFS file) else {@code ETag} (git blob sha1), unquoted
 * @param location where to download it: the storage host after a redirect, else the resolve URL
 * @param size {@code X-Linked-Size} else {@code Content-Length}; null if unknown
 */
public record FileMetadata(String commitHash, String etag, URI location, Long size) {
}
