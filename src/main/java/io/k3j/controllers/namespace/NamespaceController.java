package io.k3j.controllers.namespace;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.DeleteOptions;
import io.k3j.client.ListOptions;
import io.k3j.client.Resource;
import io.k3j.client.Transport;
import io.k3j.client.informer.ResourceEventHandler;
import io.k3j.client.workqueue.Controller;
import io.k3j.client.workqueue.ItemExponentialFailureRateLimiter;
import io.k3j.client.workqueue.RateLimitingQueue;
import io.k3j.controllers.ControllerContext;
import io.k3j.controllers.Discovery;
import io.k3j.controllers.ManagedController;
import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's namespace controller: for a namespace being deleted (phase Terminating) it deletes
 * every namespaced object of every listable, deletable resource (custom resources included,
 * found through discovery on each pass), records the outcome in the namespace's conditions
 * ({@link NamespaceConditions}), and once nothing is left removes the {@code kubernetes}
 * finalizer from spec.finalizers through {@code namespaces/{name}/finalize}, after which the
 * API server removes the namespace. Objects held by finalizers keep the namespace Terminating;
 * the namespace is looked at again after a short, growing delay until they are gone.
 */
public final class NamespaceController implements ManagedController {

    static final Resource NAMESPACES = Resource.core("namespaces");
    static final String FINALIZER = "kubernetes";

    private final Map<String, Integer> passes = new ConcurrentHashMap<>();
    private ControllerContext ctx;
    private Controller workers;

    @Override
    public String name() {
        return "namespace";
    }

    @Override
    public void start(ControllerContext context) {
        this.ctx = context;
        workers = new Controller("namespace", new RateLimitingQueue<>(
                new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(100), Duration.ofSeconds(30))), 2, this::sync);
        context.informers().get(NAMESPACES).addEventHandler(ResourceEventHandler.onChange(o -> enqueue(o)));
        workers.run();
    }

    private void enqueue(ObjectNode ns) {
        if (Meta.isDeleting(ns)) {
            workers.queue().add(Meta.name(ns));
        }
    }

    @Override
    public void stop() {
        if (workers != null) {
            workers.close();
        }
    }

    private void sync(String name) {
        ObjectNode ns;
        try {
            ns = ctx.client().get(NAMESPACES, null, name);
        } catch (ApiException e) {
            if (e.status().code() == 404) {
                passes.remove(name);
                return;
            }
            throw e;
        }
        if (!Meta.isDeleting(ns) || !hasSpecFinalizer(ns)) {
            passes.remove(name);
            return;
        }
        NamespaceConditions.Outcome outcome = deleteAllContent(name);
        updateConditions(ns, outcome);
        if (!outcome.done()) {
            int pass = passes.merge(name, 1, Integer::sum);
            workers.queue().addAfter(name, Duration.ofMillis(Math.min(10_000, 500L * pass)));
            return;
        }
        passes.remove(name);
        finalizeNamespace(name);
    }

    /** One pass: deletes what is not yet being deleted, then counts what remains and its finalizers. */
    NamespaceConditions.Outcome deleteAllContent(String namespace) {
        Discovery.Result found = Discovery.discover(ctx.client());
        List<String> errors = new ArrayList<>();
        Map<String, Integer> remaining = new LinkedHashMap<>();
        Map<String, Integer> finalizers = new LinkedHashMap<>();
        for (Discovery.ApiResource r : found.resources()) {
            if (!r.namespaced() || !r.supports("list", "delete")) {
                continue;
            }
            List<ObjectNode> items;
            try {
                items = ctx.client().listAll(r.resource(), namespace, ListOptions.all());
            } catch (ApiException e) {
                if (e.status().code() != 404 && e.status().code() != 405) {
                    errors.add(r.resource() + ": " + e.status().message());
                }
                continue;
            }
            int left = 0;
            for (ObjectNode o : items) {
                if (!Meta.isDeleting(o)) {
                    try {
                        ctx.client().delete(r.resource(), namespace, Meta.name(o),
                                DeleteOptions.propagation("Background").withPreconditions(Meta.uid(o), null));
                    } catch (ApiException e) {
                        if (e.status().code() != 404 && e.status().code() != 409) {
                            errors.add(r.resource() + " " + Meta.name(o) + ": " + e.status().message());
                        }
                    }
                }
            }
            try {
                items = ctx.client().listAll(r.resource(), namespace, ListOptions.all());
            } catch (ApiException e) {
                errors.add(r.resource() + ": " + e.status().message());
                continue;
            }
            for (ObjectNode o : items) {
                left++;
                for (JsonNode f : o.path("metadata").path("finalizers")) {
                    finalizers.merge(f.asString(""), 1, Integer::sum);
                }
            }
            if (left > 0) {
                remaining.put(r.resource().resource() + "." + r.resource().group(), left);
            }
        }
        return new NamespaceConditions.Outcome(found.failedGroups(), errors, remaining, finalizers);
    }

    private void updateConditions(ObjectNode ns, NamespaceConditions.Outcome outcome) {
        ObjectNode updated = ns.deepCopy();
        ObjectNode status = updated.get("status") instanceof ObjectNode s ? s : updated.putObject("status");
        if (!NamespaceConditions.merge(status, NamespaceConditions.of(outcome),
                ctx.clock().instant().truncatedTo(ChronoUnit.SECONDS))) {
            return;
        }
        try {
            ctx.client().updateStatus(NAMESPACES, null, updated);
        } catch (ApiException e) {
            if (e.status().code() != 404 && e.status().code() != 409) {
                throw e;
            }
        }
    }

    /** Removes "kubernetes" from spec.finalizers through the finalize subresource (PUT, as upstream). */
    private void finalizeNamespace(String name) {
        for (int attempt = 0; ; attempt++) {
            ObjectNode ns;
            try {
                ns = ctx.client().get(NAMESPACES, null, name);
            } catch (ApiException e) {
                if (e.status().code() == 404) {
                    return;
                }
                throw e;
            }
            if (!hasSpecFinalizer(ns)) {
                return;
            }
            ArrayNode kept = Json.MAPPER.createArrayNode();
            for (JsonNode f : ns.path("spec").path("finalizers")) {
                if (!FINALIZER.equals(f.asString(""))) {
                    kept.add(f);
                }
            }
            ObjectNode spec = ns.get("spec") instanceof ObjectNode s ? s : ns.putObject("spec");
            spec.set("finalizers", kept);
            Transport.Response resp;
            try {
                resp = ctx.client().transport().send(new Transport.Request("PUT",
                        NAMESPACES.path(null, name, "finalize"), Map.of(),
                        Map.of("accept", "application/json", "content-type", "application/json"), Json.bytes(ns)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot reach the API server: " + e.getMessage(), e);
            }
            if (resp.status() / 100 == 2 || resp.status() == 404) {
                return;
            }
            if (resp.status() != 409 || attempt >= 5) {
                throw new ApiException(new io.k3j.api.Status(resp.status(), "Failure", "finalizing namespace " + name
                        + " failed: " + new String(resp.body(), java.nio.charset.StandardCharsets.UTF_8)));
            }
        }
    }

    private static boolean hasSpecFinalizer(ObjectNode ns) {
        for (JsonNode f : ns.path("spec").path("finalizers")) {
            if (FINALIZER.equals(f.asString(""))) {
                return true;
            }
        }
        return false;
    }
}
