package io.k3j.api;

/** Ends a request with a Kubernetes {@link Status} error. */
public class ApiException extends RuntimeException {

    private final transient Status status;

    public ApiException(Status status) {
        super(status.message(), null, false, false);
        this.status = status;
    }

    public Status status() {
        return status;
    }
}
