package io.k3j.controllers;

import io.k3j.client.ApiClient;
import java.time.Clock;

/** What a {@link ManagedController} works with: the API, shared informers, an event recorder and the clock. */
public record ControllerContext(ApiClient client, Informers informers, EventRecorder events, Clock clock) {
}
