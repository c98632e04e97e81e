package io.st4j.hub;

/** The repository does not exist, or is private or gated and no valid token was sent ({@code X-Error-Code: RepoNotFound}). */
public class RepositoryNotFoundException extends HubHttpException {

    private static final long serialVersionUID = 1L;

    public RepositoryNotFoundException(String message, int statusCode, String errorCode, String serverMessage) {
        super(message, statusCode, errorCode, serverMessage);
    }
}
