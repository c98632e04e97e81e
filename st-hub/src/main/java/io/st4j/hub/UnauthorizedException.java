package io.st4j.hub;

/** 401 without an error code: the token is missing, invalid or expired. */
public class UnauthorizedException extends HubHttpException {

    private static final long serialVersionUID = 1L;

    public UnauthorizedException(String message, int statusCode, String errorCode, String serverMessage) {
        super(message, statusCode, errorCode, serverMessage);
    }
}
