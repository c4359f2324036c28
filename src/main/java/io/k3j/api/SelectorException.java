package io.k3j.api;

/**
 * Thrown when a label or field selector cannot be parsed or is invalid; the message is user-facing and worded like
 * upstream Kubernetes (it becomes the message of a 400 BadRequest Status).
 */
public final class SelectorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a user-facing message. */
    public SelectorException(String message) {
        super(message);
    }
}
