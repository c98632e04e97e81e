package io.st4j.hub;

/** The repository is gated and this token has not been granted access ({@code X-Error-Code: GatedRepo}). */
public class GatedRepoException extends HubHttpException {

    private static final long serialVersionUID = 1L;

    public GatedRepoException(String message, int statusCode, String errorCode, String serverMessage) {
        super(message, statusCode, errorCode, serverMessage);
    }
}
