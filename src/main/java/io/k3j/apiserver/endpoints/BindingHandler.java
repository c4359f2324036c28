package io.k3j.apiserver.endpoints;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.api.Status;
import io.k3j.apiserver.authn.UserInfo;
import io.k3j.apiserver.authz.Attributes;
import io.k3j.apiserver.authz.Authorizer;
import io.k3j.apiserver.http.ApiRequest;
import io.k3j.apiserver.http.ApiResponse;
import io.k3j.apiserver.registry.GenericStore;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Binds a pod to a node: the {@code pods/binding} subresource and the legacy namespaced {@code bindings}
 * resource, both taking a v1 {@code Binding}. As upstream's BindingREST: the target must be a Node by name
 * (422 otherwise); the pod must exist (404), not be deleting and not be bound yet (409); the write sets
 * spec.nodeName, merges the binding's annotations and sets the PodScheduled condition True. Answers a
 * Status Success with code 201. Stateless and thread-safe.
 */
final class BindingHandler {

    private BindingHandler() {
    }

    /** The legacy {@code bindings} resource: create only, in a namespace, naming the pod in the body. */
    static ApiResponse legacy(ApiRequest req, RequestInfo info, GenericStore pods, Authorizer authorizer,
                              String manager, Clock clock) {
        if (info.namespace() == null || info.name() != null || info.subresource() != null) {
            throw new ApiException(Status.notFound("the server could not find the requested resource"));
        }
        if (!info.verb().equals("create")) {
            throw new ApiException(Status.methodNotAllowed("the server does not allow this method on the requested"
                    + " resource"));
        }
        UserInfo user = req.user().orElseThrow(() -> new ApiException(Status.unauthorized()));
        Attributes attrs = new Attributes(user, "create", true, "", "bindings", null, info.namespace(), null,
                info.path());
        if (!authorizer.allowed(attrs)) {
            throw new ApiException(new Status(403, "Forbidden", attrs.forbiddenMessage(),
                    new Status.Details(null, "", "bindings", null, null)));
        }
        return bind(pods, info.namespace(), null, Bodies.object(req, "v1", "Binding"), QueryParams.dryRun(req),
                manager, clock);
    }

    /** Binds pod {@code name} (the URL's, or for the legacy resource the body's) in {@code ns}. */
    static ApiResponse bind(GenericStore pods, String ns, String urlName, ObjectNode binding, boolean dryRun,
                            String manager, Clock clock) {
        String name = Meta.name(binding);
        if (urlName != null && (name == null || !urlName.equals(name))) {
            throw new ApiException(Status.badRequest("name in URL does not match name in Binding object"));
        }
        String bodyNs = Meta.namespace(binding);
        if (bodyNs != null && !bodyNs.isEmpty() && !bodyNs.equals(ns)) {
            throw new ApiException(Status.badRequest("the namespace of the provided object does not match the"
                    + " namespace sent on the request"));
        }
        List<Status.Cause> causes = validate(binding);
        if (name == null || name.isEmpty()) {
            causes.addFirst(new Status.Cause("FieldValueRequired", "Required value: name or generateName is required",
                    "metadata.name"));
        }
        if (!causes.isEmpty()) {
            throw new ApiException(Status.invalid("", "Binding", name, causes));
        }
        String node = binding.path("target").path("name").asString();
        String uid = binding.path("metadata").path("uid").asString("");
        String rv = binding.path("metadata").path("resourceVersion").asString("");
        Map<String, String> annotations = Meta.stringMap(binding, "annotations");
        pods.rewrite(ns, name, pod -> {
            if (!uid.isEmpty() && !uid.equals(Meta.uid(pod))) {
                throw new ApiException(Status.conflict("", "pods", name, "Precondition failed: UID in precondition: "
                        + uid + ", UID in object meta: " + Meta.uid(pod)));
            }
            if (!rv.isEmpty() && !rv.equals(Meta.resourceVersion(pod))) {
                throw new ApiException(Status.conflict("", "pods", name, "the object has been modified; please apply"
                        + " your changes to the latest version and try again"));
            }
            if (Meta.isDeleting(pod)) {
                throw new ApiException(Status.conflict("", "pods", name, "pod " + name
                        + " is being deleted, cannot be assigned to a host"));
            }
            String bound = pod.path("spec").path("nodeName").asString("");
            if (!bound.isEmpty()) {
                throw new ApiException(Status.conflict("", "pods", name, "pod " + name
                        + " is already assigned to node \"" + bound + "\""));
            }
            // the pod is shared: copy the objects on the way to what changes
            ObjectNode assigned = Json.shallowCopy(pod);
            ObjectNode meta = ownObject(assigned, "metadata");
            ownObject(assigned, "spec").put("nodeName", node);
            if (!annotations.isEmpty()) {
                ObjectNode a = ownObject(meta, "annotations");
                annotations.forEach(a::put);
            }
            scheduled(ownObject(assigned, "status"), clock);
            return assigned;
        }, "binding", dryRun, manager);
        ObjectNode status = Json.object();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        status.put("code", 201);
        return ApiResponse.json(201, Json.bytes(status));
    }

    /** Upstream's ValidatePodBinding. */
    static List<Status.Cause> validate(ObjectNode binding) {
        List<Status.Cause> causes = new ArrayList<>();
        JsonNode target = binding.path("target");
        String kind = target.path("kind").asString("");
        if (!kind.isEmpty() && !kind.equals("Node")) {
            causes.add(new Status.Cause("FieldValueNotSupported", "Unsupported value: \"" + kind
                    + "\": supported values: \"Node\", \"<empty>\"", "target.kind"));
        }
        if (target.path("name").asString("").isEmpty()) {
            causes.add(new Status.Cause("FieldValueRequired", "Required value", "target.name"));
        }
        return causes;
    }

    /** A copy of {@code parent}'s object member {@code field} (a new one when absent) put in its place. */
    private static ObjectNode ownObject(ObjectNode parent, String field) {
        ObjectNode own = parent.get(field) instanceof ObjectNode o ? Json.shallowCopy(o) : Json.object();
        parent.set(field, own);
        return own;
    }

    /** Sets condition PodScheduled True in {@code status} (its own), keeping its transition time when it already was True. */
    private static void scheduled(ObjectNode status, Clock clock) {
        ArrayNode conditions = io.k3j.api.CompactNodeFactory.INSTANCE.arrayNode();
        if (status.get("conditions") instanceof ArrayNode old) {
            for (JsonNode c : old) {
                conditions.add(c.path("type").asString("").equals("PodScheduled") ? c.deepCopy() : c);
            }
        }
        status.set("conditions", conditions);
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        for (JsonNode c : conditions) {
            if (c.path("type").asString("").equals("PodScheduled") && c instanceof ObjectNode o) {
                if (!o.path("status").asString("").equals("True")) {
                    o.put("status", "True");
                    o.put("lastTransitionTime", now);
                }
                o.remove("reason");
                o.remove("message");
                return;
            }
        }
        ObjectNode c = conditions.addObject();
        c.put("type", "PodScheduled");
        c.put("status", "True");
        c.putNull("lastProbeTime");
        c.put("lastTransitionTime", now);
    }
}
