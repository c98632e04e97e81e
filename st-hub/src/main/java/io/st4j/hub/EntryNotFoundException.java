package io.st4j.hub;

/**
 * The repository and revision exist but the file does not ({@code X-Error-Code: EntryNotFound}), or the
 * cache holds a {@code .no_exist} marker saying so.
 */
public class EntryNotFoundException extends HubHttpException {

    private static final long serialVersionUID = 1L;

    private final String commitHash;

    public EntryNotFoundException(String message, int statusCode, String errorCode, String serverMessage,
            String commitHash) {
        super(message, statusCode, errorCode, serverMessage);
        this.commitHash = commitHash;
    }

    /** The commit the server resolved the revision to ({@code X-Repo-Commit}), or null. */
    public String commitHash() {
        return commitHash;
    }
}
