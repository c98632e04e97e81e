package io.st4j.hub;

/**
 * The Hub could not be asked (offline mode, no connection, server down) and the cache does not hold
 * what was requested. The cause, if any, is why the Hub could not be asked.
 */
public class LocalEntryNotFoundException extends HubException {

    private static final long serialVersionUID = 1L;

    public LocalEntryNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
