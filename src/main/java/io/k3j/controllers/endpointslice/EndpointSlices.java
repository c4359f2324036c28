package io.k3j.controllers.endpointslice;

import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.controllers.Owners;
import io.k3j.controllers.Pods;
import io.k3j.controllers.endpoint.EndpointPods;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * EndpointSlice content as upstream's endpointslice utilities build it: the endpoint for a pod,
 * the ports a pod offers, labels and owner of a service's slices, and new slice objects. Pure.
 */
public final class EndpointSlices {

    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    public static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
    public static final String CONTROLLER_NAME = "endpointslice-controller.k8s.io";
    public static final String HEADLESS_LABEL = "service.kubernetes.io/headless";
    public static final String ZONE_LABEL = "topology.kubernetes.io/zone";
    public static final String API_VERSION = "discovery.k8s.io/v1";

    private EndpointSlices() {
    }

    public static boolean isManaged(ObjectNode slice) {
        return CONTROLLER_NAME.equals(Meta.labels(slice).get(MANAGED_BY_LABEL));
    }

    /** The address types a service's slices carry: its IP families, else its cluster IP's, else the pods'. */
    public static List<String> addressTypes(ObjectNode service, List<ObjectNode> pods) {
        Set<String> types = new LinkedHashSet<>();
        for (JsonNode f : service.path("spec").path("ipFamilies")) {
            types.add(f.asString("IPv4"));
        }
        if (types.isEmpty()) {
            String family = EndpointPods.serviceFamily(service);
            if (family != null) {
                types.add(family);
            } else {
                for (ObjectNode pod : pods) {
                    EndpointPods.podIps(pod).forEach(ip -> types.add(EndpointPods.family(ip)));
                }
            }
        }
        if (types.isEmpty()) {
            types.add("IPv4");
        }
        return List.copyOf(types);
    }

    /** The slice ports a pod offers for the service: one per service port that resolves on it. */
    public static ArrayNode ports(ObjectNode service, ObjectNode pod) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode sp : service.path("spec").path("ports")) {
            OptionalInt n = EndpointPods.findPort(pod, sp);
            if (n.isEmpty()) {
                continue;
            }
            ObjectNode p = out.addObject();
            p.put("name", sp.path("name").asString(""));
            p.put("port", n.getAsInt());
            p.put("protocol", sp.path("protocol").asString("TCP"));
            if (sp.path("appProtocol").isString()) {
                p.put("appProtocol", sp.path("appProtocol").asString());
            }
        }
        return out;
    }

    /** A canonical key of a slice port list, equal for equal port sets in the same order. */
    public static String portKey(JsonNode ports) {
        StringBuilder b = new StringBuilder();
        for (JsonNode p : ports) {
            b.append(p.path("name").asString("")).append('|').append(p.path("port").asInt())
                    .append('|').append(p.path("protocol").asString("TCP"))
                    .append('|').append(p.path("appProtocol").asString("")).append(';');
        }
        return b.toString();
    }

    /**
     * The endpoint for a pod at {@code ip}: conditions (ready only when serving and not
     * terminating, unless the service publishes not-ready addresses), node, zone, target and
     * hostname when the pod's subdomain names the service.
     */
    public static ObjectNode endpoint(ObjectNode service, ObjectNode pod, String ip, String zone) {
        boolean publishNotReady = service.path("spec").path("publishNotReadyAddresses").asBoolean(false);
        boolean serving = publishNotReady || Pods.isReady(pod);
        boolean terminating = Meta.isDeleting(pod);
        boolean ready = publishNotReady || (serving && !terminating);
        ObjectNode ep = Json.object();
        ep.putArray("addresses").add(ip);
        ObjectNode c = ep.putObject("conditions");
        c.put("ready", ready);
        c.put("serving", serving);
        c.put("terminating", terminating);
        if (EndpointPods.shouldSetHostname(pod, service)) {
            ep.put("hostname", pod.path("spec").path("hostname").asString());
        }
        ObjectNode ref = ep.putObject("targetRef");
        ref.put("kind", "Pod");
        ref.put("namespace", Meta.namespace(pod));
        ref.put("name", Meta.name(pod));
        ref.put("uid", Meta.uid(pod));
        String node = Pods.nodeName(pod);
        if (!node.isEmpty()) {
            ep.put("nodeName", node);
        }
        if (zone != null && !zone.isEmpty()) {
            ep.put("zone", zone);
        }
        return ep;
    }

    /** An endpoint's identity within a service: its pod's uid, else its first address. */
    public static String endpointKey(JsonNode endpoint) {
        String uid = endpoint.path("targetRef").path("uid").asString("");
        return uid.isEmpty() ? endpoint.path("addresses").path(0).asString("") : uid;
    }

    /** The labels of a service's slices: the service's own plus service-name, managed-by and headless. */
    public static Map<String, String> labels(ObjectNode service) {
        Map<String, String> labels = new LinkedHashMap<>(Meta.labels(service));
        labels.remove(HEADLESS_LABEL);
        labels.put(SERVICE_NAME_LABEL, Meta.name(service));
        labels.put(MANAGED_BY_LABEL, CONTROLLER_NAME);
        if (EndpointPods.isHeadless(service)) {
            labels.put(HEADLESS_LABEL, "");
        }
        return labels;
    }

    /** Whether a slice has the wanted labels and is controlled by the service. */
    public static boolean metaOk(ObjectNode slice, ObjectNode service) {
        return Meta.labels(slice).equals(labels(service)) && Owners.isControlledBy(slice, Meta.uid(service));
    }

    /** A new slice for the service, named by the server from {@code <service>-}. */
    public static ObjectNode newSlice(ObjectNode service, String addressType, JsonNode ports, List<ObjectNode> endpoints) {
        ObjectNode s = Json.object();
        s.put("apiVersion", API_VERSION);
        s.put("kind", "EndpointSlice");
        ObjectNode meta = s.putObject("metadata");
        meta.put("generateName", Meta.name(service) + "-");
        meta.put("namespace", Meta.namespace(service));
        s.put("addressType", addressType);
        return withContent(s, service, ports, endpoints);
    }

    /** {@code slice} with the service's labels and owner, and these ports and endpoints. */
    public static ObjectNode withContent(ObjectNode slice, ObjectNode service, JsonNode ports, List<ObjectNode> endpoints) {
        ObjectNode meta = Meta.metadata(slice);
        ObjectNode labels = meta.putObject("labels");
        labels(service).forEach(labels::put);
        ArrayNode owners = Json.MAPPER.createArrayNode();
        owners.add(Owners.controllerRef(service, "v1", "Service"));
        for (JsonNode ref : meta.path("ownerReferences")) {
            if (!ref.path("controller").asBoolean(false)) {
                owners.add(ref);
            }
        }
        meta.set("ownerReferences", owners);
        List<ObjectNode> sorted = new ArrayList<>(endpoints);
        sorted.sort(java.util.Comparator.comparing(e -> e.path("addresses").path(0).asString("")));
        ArrayNode eps = slice.putArray("endpoints");
        sorted.forEach(eps::add);
        slice.set("ports", ports == null ? Json.MAPPER.createArrayNode() : ports.deepCopy());
        return slice;
    }
}
