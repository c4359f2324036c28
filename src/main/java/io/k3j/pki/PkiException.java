package io.k3j.pki;

/** A certificate, key or token could not be made, read or trusted. */
public class PkiException extends RuntimeException {

    public PkiException(String message) {
        super(message);
    }

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
