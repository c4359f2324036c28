package io.k3j.client;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.api.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON client of the Kubernetes API (upstream's dynamic client): get, list, watch, create,
 * update, updateStatus, patch and delete for any {@link Resource}, objects as {@link ObjectNode}.
 * A namespace of null addresses cluster-scoped objects (or, for list and watch, all namespaces).
 * Every failure is an {@link ApiException} carrying the server's {@link Status}; a transport
 * failure is a Status with code 500 and reason "InternalError". Thread-safe.
 */
public final class ApiClient {

    private static final Map<String, String> JSON_HEADERS = Map.of("accept", "application/json");
    private static final Map<String, String> JSON_BODY_HEADERS = Map.of("accept", "application/json",
            "content-type", "application/json");

    private final Transport transport;

    public ApiClient(Transport transport) {
        this.transport = transport;
    }

    public Transport transport() {
        return transport;
    }

    public ObjectNode get(Resource r, String namespace, String name) {
        return send("GET", r.path(namespace, name, null), Map.of(), null, null);
    }

    /**
     * Reads with {@code resourceVersion=0}: any version the server has at hand (its watch cache),
     * as kubelets read their node before a status update.
     */
    public ObjectNode getCached(Resource r, String namespace, String name) {
        return send("GET", r.path(namespace, name, null), Map.of("resourceVersion", List.of("0")), null, null);
    }

    /** Reads a subresource ("status", "scale", …). */
    public ObjectNode get(Resource r, String namespace, String name, String subresource) {
        return send("GET", r.path(namespace, name, subresource), Map.of(), null, null);
    }

    /** One page of a list; its {@code metadata.continue} is the token for the next page. */
    public ObjectNode list(Resource r, String namespace, ListOptions options) {
        return send("GET", r.path(namespace), options.query(), null, null);
    }

    /** The items of a list across every page. */
    public List<ObjectNode> listAll(Resource r, String namespace, ListOptions options) {
        List<ObjectNode> items = new java.util.ArrayList<>();
        ListOptions page = options;
        while (true) {
            ObjectNode list = list(r, namespace, page);
            for (JsonNode i : list.path("items")) {
                items.add((ObjectNode) i);
            }
            String next = list.path("metadata").path("continue").asString("");
            if (next.isEmpty()) {
                return items;
            }
            page = page.withContinue(next);
        }
    }

    public ObjectNode create(Resource r, String namespace, ObjectNode object) {
        return send("POST", r.path(namespace), Map.of(), object);
    }

    /** Creates on a subresource of one object (POST, e.g. "binding" or "eviction" of a pod). */
    public ObjectNode create(Resource r, String namespace, String name, String subresource, ObjectNode object) {
        return send("POST", r.path(namespace, name, subresource), Map.of(), object);
    }

    /** Replaces the object named by its metadata; a stale resourceVersion fails with 409 Conflict. */
    public ObjectNode update(Resource r, String namespace, ObjectNode object) {
        return send("PUT", r.path(namespace, Meta.name(object), null), Map.of(), object);
    }

    /** Replaces the status subresource. */
    public ObjectNode updateStatus(Resource r, String namespace, ObjectNode object) {
        return send("PUT", r.path(namespace, Meta.name(object), "status"), Map.of(), object);
    }

    public ObjectNode patch(Resource r, String namespace, String name, PatchType type, JsonNode patch,
                            PatchOptions options) {
        return patch(r, namespace, name, type, Json.bytes(patch), options);
    }

    /** Patches with a raw body (JSON, or YAML for apply). */
    public ObjectNode patch(Resource r, String namespace, String name, PatchType type, byte[] patch,
                            PatchOptions options) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        ListOptions.put(q, "fieldManager", options.fieldManager());
        if (options.force()) {
            q.put("force", List.of("true"));
        }
        return send("PATCH", r.path(namespace, name, options.subresource()), q, type.contentType(), patch);
    }

    /** Server-side apply of a whole object as {@code fieldManager}. */
    public ObjectNode apply(Resource r, String namespace, ObjectNode object, String fieldManager, boolean force) {
        return patch(r, namespace, Meta.name(object), PatchType.APPLY, Json.bytes(object),
                PatchOptions.apply(fieldManager, force));
    }

    /** Deletes; returns what the server answers (the object while finalizers hold it, or a Status). */
    public ObjectNode delete(Resource r, String namespace, String name, DeleteOptions options) {
        byte[] body = options.isDefault() ? null : Json.bytes(options.toNode());
        return send("DELETE", r.path(namespace, name, null), Map.of(), body == null ? null : "application/json", body);
    }

    public ObjectNode delete(Resource r, String namespace, String name) {
        return delete(r, namespace, name, DeleteOptions.defaults());
    }

    /**
     * Opens a watch. Fails at once with {@link ApiException} when the server refuses it; a
     * too-old resourceVersion surfaces, as upstream sends it, as a 410 from the iterator.
     */
    public Watch watch(Resource r, String namespace, WatchOptions options) {
        Transport.Request req = new Transport.Request("GET", r.path(namespace), options.query(), JSON_HEADERS,
                new byte[0]);
        Transport.Stream s;
        try {
            s = transport.stream(req);
        } catch (IOException e) {
            throw transportFailure(e);
        }
        if (s.status() / 100 != 2) {
            byte[] body;
            try (s) {
                body = s.body().readAllBytes();
            } catch (IOException e) {
                body = new byte[0];
            }
            throw Statuses.error(s.status(), body);
        }
        return new Watch(s, options.resourceVersion());
    }

    /**
     * Watches on a virtual thread, handing each event to {@code onEvent}; {@code onEnd} gets null
     * when the stream ended normally or was closed, else the error (410 Expired included).
     */
    public Watch watch(Resource r, String namespace, WatchOptions options, Consumer<WatchEvent> onEvent,
                       Consumer<ApiException> onEnd) {
        Watch w = watch(r, namespace, options);
        Thread.ofVirtual().name("watch-" + r).start(() -> {
            ApiException error = null;
            try {
                while (w.hasNext()) {
                    onEvent.accept(w.next());
                }
            } catch (ApiException e) {
                error = e;
            } finally {
                w.close();
            }
            onEnd.accept(error);
        });
        return w;
    }

    private ObjectNode send(String method, String path, Map<String, List<String>> query, String contentType,
                            byte[] body) {
        Map<String, String> headers = JSON_HEADERS;
        if (contentType != null) {
            headers = Map.of("accept", "application/json", "content-type", contentType);
        }
        return send(method, path, new Transport.Request(method, path, query, headers,
                body == null ? new byte[0] : body));
    }

    /** Sends {@code object} as the JSON body, leaving its encoding to the transport. */
    private ObjectNode send(String method, String path, Map<String, List<String>> query, ObjectNode object) {
        return send(method, path, new Transport.Request(method, path, query, JSON_BODY_HEADERS, null, object));
    }

    private ObjectNode send(String method, String path, Transport.Request request) {
        Transport.Response resp;
        try {
            resp = transport.send(request);
        } catch (IOException e) {
            throw transportFailure(e);
        }
        if (resp.status() / 100 != 2) {
            throw Statuses.error(resp.status(), resp.body());
        }
        if (resp.object() != null) {
            return resp.object();
        }
        if (resp.body().length == 0) {
            return Json.object();
        }
        JsonNode n = Json.tree(resp.body());
        if (n instanceof ObjectNode o) {
            return o;
        }
        throw new ApiException(Status.internalError("unexpected response to " + method + " " + path + ": "
                + new String(resp.body(), StandardCharsets.UTF_8)));
    }

    private static ApiException transportFailure(IOException e) {
        return new ApiException(new Status(500, "InternalError", "cannot reach the API server: " + e.getMessage()));
    }
}
