package io.k3j.controllers;

/**
 * One control loop run by a {@link ControllerManager}: started when the manager begins to lead,
 * stopped when it stops leading or closes. Implementations register the informers they need in
 * {@link #start} (the manager starts them afterwards) and keep no state that survives a stop.
 */
public interface ManagedController {

    /** Upstream's controller name, e.g. {@code deployment} or {@code garbage-collector}. */
    String name();

    /** Registers informers and event handlers and starts the workers; must not block on the API. */
    void start(ControllerContext context);

    /** Stops the workers; the manager stops the informers. */
    void stop();
}
