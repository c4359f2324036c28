package io.k3j.agent;

/** Joining a server failed for a reason the user must fix (token, node password, name); the message says which. */
public class JoinException extends RuntimeException {

    public JoinException(String message) {
        super(message);
    }

    public JoinException(String message, Throwable cause) {
        super(message, cause);
    }
}
