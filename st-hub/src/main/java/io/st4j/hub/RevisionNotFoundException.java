package io.st4j.hub;

/** The repository exists but the branch, tag or commit does not ({@code X-Error-Code: RevisionNotFound}). */
public class RevisionNotFoundException extends HubHttpException {

    private static final long serialVersionUID = 1L;

    public RevisionNotFoundException(String message, int statusCode, String errorCode, String serverMessage) {
        super(message, statusCode, errorCode, serverMessage);
    }
}
