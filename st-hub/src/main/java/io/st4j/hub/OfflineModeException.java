package io.st4j.hub;

/** A request was about to leave the machine while offline mode ({@code HF_HUB_OFFLINE}) is on. */
public class OfflineModeException extends HubException {

    private static final long serialVersionUID = 1L;

    public OfflineModeException(String message) {
        super(message);
    }
}
