package io.st4j.hub;

import java.io.IOException;

/** A failure talking to the Hub or using its cache. Subclasses say which. */
public class HubException extends IOException {

    private static final long serialVersionUID = 1L;

    public HubException(String message) {
        super(message);
    }

    public HubException(String message, Throwable cause) {
        super(message, cause);
    }
}
