package io.st4j.hub;

/** 403 without an error code: the token lacks the permission (e.g. a read token used to push). */
public class ForbiddenException extends HubHttpException {

    private static final long serialVersionUID = 1L;

    public ForbiddenException(String message, int statusCode, String errorCode, String serverMessage) {
        super(message, statusCode, errorCode, serverMessage);
    }
}
