package io.st4j.hub;

/** The Hub or its storage host could not be reached (connection refused, timeout) after the retries. */
public class HubUnreachableException extends HubException {

    private static final long serialVersionUID = 1L;

    public HubUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
