package io.k3j.controllers.endpoint;

import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.controllers.Pods;
import io.k3j.controllers.endpoint.EndpointSubsets.Address;
import io.k3j.controllers.endpoint.EndpointSubsets.Port;
import io.k3j.controllers.endpoint.EndpointSubsets.Subset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Endpoints object a Service should have (upstream's syncService body): subsets from the
 * pods, the service's labels plus the managed-by and headless labels, and the trigger-time and
 * over-capacity annotations. Pure functions.
 */
public final class EndpointsBuilder {

    public static final String MANAGED_BY_LABEL = "endpoints.kubernetes.io/managed-by";
    public static final String CONTROLLER_NAME = "endpoint-controller";
    public static final String HEADLESS_LABEL = "service.kubernetes.io/headless";
    public static final String OVER_CAPACITY = "endpoints.kubernetes.io/over-capacity";

    private EndpointsBuilder() {
    }

    public static boolean isManaged(ObjectNode endpoints) {
        return CONTROLLER_NAME.equals(Meta.labels(endpoints).get(MANAGED_BY_LABEL));
    }

    /** The service's subsets before truncation: one per pod and resolvable port, repacked. */
    public static List<Subset> subsets(ObjectNode service, List<ObjectNode> pods) {
        boolean publishNotReady = service.path("spec").path("publishNotReadyAddresses").asBoolean(false);
        List<Subset> subsets = new ArrayList<>();
        for (ObjectNode pod : pods) {
            if (!EndpointPods.shouldPodBeInEndpoints(pod, publishNotReady)) {
                continue;
            }
            String ip = EndpointPods.podIpForService(pod, service);
            if (ip == null) {
                continue;
            }
            Address address = new Address(ip,
                    EndpointPods.shouldSetHostname(pod, service) ? pod.path("spec").path("hostname").asString() : null,
                    Pods.nodeName(pod), Meta.namespace(pod), Meta.name(pod), Meta.uid(pod));
            boolean ready = publishNotReady || Pods.isReady(pod);
            JsonNode ports = service.path("spec").path("ports");
            if (!ports.isArray() || ports.isEmpty()) {
                if (EndpointPods.isHeadless(service)) {
                    subsets.add(EndpointSubsets.single(address, null, ready));
                }
                continue;
            }
            for (JsonNode sp : ports) {
                OptionalInt port = EndpointPods.findPort(pod, sp);
                if (port.isEmpty()) {
                    continue;
                }
                subsets.add(EndpointSubsets.single(address, port(sp, port.getAsInt()), ready));
            }
        }
        return EndpointSubsets.repack(subsets);
    }

    /** An endpoint port from a service port and the number it resolved to on a pod. */
    public static Port port(JsonNode servicePort, int number) {
        String appProtocol = servicePort.path("appProtocol").isString() ? servicePort.path("appProtocol").asString() : null;
        return new Port(servicePort.path("name").asString(""), number,
                servicePort.path("protocol").asString("TCP"), appProtocol);
    }

    /**
     * The Endpoints to write: {@code current} (or a new object) with the desired subsets, labels
     * and annotations. A null {@code triggerTime} removes the trigger-time annotation.
     */
    public static ObjectNode desired(ObjectNode service, List<ObjectNode> pods, ObjectNode current, Instant triggerTime) {
        List<Subset> all = subsets(service, pods);
        List<Subset> subsets = EndpointSubsets.truncate(all, EndpointSubsets.MAX_CAPACITY);
        ObjectNode ep = current != null ? current.deepCopy()
                : EndpointsController.emptyEndpoints(Meta.namespace(service), Meta.name(service));
        ObjectNode meta = Meta.metadata(ep);
        ObjectNode labels = meta.putObject("labels");
        for (Map.Entry<String, String> e : Meta.labels(service).entrySet()) {
            labels.put(e.getKey(), e.getValue());
        }
        labels.put(MANAGED_BY_LABEL, CONTROLLER_NAME);
        if (EndpointPods.isHeadless(service)) {
            labels.put(HEADLESS_LABEL, "");
        } else {
            labels.remove(HEADLESS_LABEL);
        }
        ObjectNode annotations = meta.get("annotations") instanceof ObjectNode a ? a : meta.putObject("annotations");
        if (triggerTime != null) {
            annotations.put(TriggerTimeTracker.ANNOTATION, triggerTime.toString());
        } else {
            annotations.remove(TriggerTimeTracker.ANNOTATION);
        }
        if (subsets != all) {
            annotations.put(OVER_CAPACITY, "truncated");
        } else {
            annotations.remove(OVER_CAPACITY);
        }
        if (annotations.isEmpty()) {
            meta.remove("annotations");
        }
        if (subsets.isEmpty()) {
            ep.remove("subsets");
        } else {
            ep.set("subsets", EndpointSubsets.toJson(subsets));
        }
        return ep;
    }

    /**
     * Whether {@code current} already says what {@code desired} does: same subsets, labels and
     * over-capacity annotation (a new trigger time alone is no reason to write).
     */
    public static boolean upToDate(ObjectNode current, ObjectNode desired) {
        JsonNode a = current.path("subsets");
        JsonNode b = desired.path("subsets");
        boolean subsetsEqual = (isEmpty(a) && isEmpty(b)) || a.equals(b);
        return subsetsEqual
                && Meta.labels(current).equals(Meta.labels(desired))
                && java.util.Objects.equals(Meta.stringMap(current, "annotations").get(OVER_CAPACITY),
                        Meta.stringMap(desired, "annotations").get(OVER_CAPACITY));
    }

    private static boolean isEmpty(JsonNode n) {
        return n.isMissingNode() || n.isNull() || (n.isArray() && n.isEmpty());
    }

}
