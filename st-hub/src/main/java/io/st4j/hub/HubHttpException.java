package io.st4j.hub;

/**
 * The Hub (or its storage host) answered with an error status. The message names the repository,
 * revision and file concerned, the request, the status, the {@code X-Error-Code} and the server's message.
 * Subclasses map {@code X-Error-Code} and 401/403; 429 and 5xx (after the bounded retries) stay this type.
 */
public class HubHttpException extends HubException {

    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String errorCode;
    private final String serverMessage;

    public HubHttpException(String message, int statusCode, String errorCode, String serverMessage) {
        super(message);
        this.statusCode = statusCode;
        this.errorCode = errorCode;
        this.serverMessage = serverMessage;
    }

    /** The HTTP status of the failed response. */
    public int statusCode() {
        return statusCode;
    }

    /** The {@code X-Error-Code} header (e.g. {@code RepoNotFound}), or null. */
    public String errorCode() {
        return errorCode;
    }

    /** What the server said ({@code X-Error-Message} header and/or the body's {@code error}), or null. */
    public String serverMessage() {
        return serverMessage;
    }
}
