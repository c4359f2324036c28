package io.k3j.cli;

/** A user error on the command line or in a config file; printed without a stack trace. */
public class CliException extends RuntimeException {

    public CliException(String message) {
        super(message);
    }
}
