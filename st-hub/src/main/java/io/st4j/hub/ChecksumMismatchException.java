package io.st4j.hub;

/**
 * A downloaded file's size or hash (sha256 for LFS files, the git blob sha1 for others) differs from
 * what the Hub announced. Nothing is kept in the cache.
 */
public class ChecksumMismatchException extends HubException {

    private static final long serialVersionUID = 1L;

    public ChecksumMismatchException(String message) {
        super(message);
    }
}
