package io.k3j.controllers.endpointslice;

import io.k3j.api.Meta;
import io.k3j.controllers.endpoint.EndpointPods;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The slice writes one sync of a service needs: desired endpoints per address type and port
 * set from the pods (terminating pods included, with their conditions), packed by
 * {@link SliceReconciler}; slices of address types the service no longer has are deleted, and
 * a service without endpoints keeps one empty placeholder slice, as upstream. Pure.
 */
public final class SlicePlanner {

    private SlicePlanner() {
    }

    /** Full objects to create and update, and the slices to delete. */
    public record Result(List<ObjectNode> create, List<ObjectNode> update, List<ObjectNode> delete) {
        public boolean isEmpty() {
            return create.isEmpty() && update.isEmpty() && delete.isEmpty();
        }
    }

    private record PortSet(JsonNode ports, Map<String, ObjectNode> endpoints) {
    }

    public static Result plan(ObjectNode service, List<ObjectNode> pods, List<ObjectNode> existing,
                              Function<String, String> zoneOfNode, int max) {
        List<String> types = EndpointSlices.addressTypes(service, pods);
        // address type -> port key -> (ports, endpoint key -> endpoint), endpoints sorted by address
        Map<String, Map<String, PortSet>> desired = new LinkedHashMap<>();
        types.forEach(t -> desired.put(t, new LinkedHashMap<>()));
        int total = 0;
        for (ObjectNode pod : sortedByIp(pods)) {
            if (!EndpointPods.shouldPodBeInEndpoints(pod, true)) {
                continue;
            }
            ArrayNode ports = EndpointSlices.ports(service, pod);
            String portKey = EndpointSlices.portKey(ports);
            for (String type : types) {
                String ip = EndpointPods.podIpOfFamily(pod, type);
                if (ip == null) {
                    continue;
                }
                ObjectNode ep = EndpointSlices.endpoint(service, pod, ip,
                        zoneOfNode.apply(pod.path("spec").path("nodeName").asString("")));
                desired.get(type).computeIfAbsent(portKey, k -> new PortSet(ports, new LinkedHashMap<>()))
                        .endpoints().put(EndpointSlices.endpointKey(ep), ep);
                total++;
            }
        }
        Map<String, ObjectNode> byName = new HashMap<>();
        existing.forEach(s -> byName.put(Meta.name(s), s));
        List<ObjectNode> create = new ArrayList<>();
        List<ObjectNode> update = new ArrayList<>();
        List<ObjectNode> delete = new ArrayList<>();
        for (ObjectNode s : existing) {
            if (!desired.containsKey(s.path("addressType").asString(""))) {
                delete.add(s);
            }
        }
        for (Map.Entry<String, Map<String, PortSet>> t : desired.entrySet()) {
            List<SliceReconciler.Existing> current = new ArrayList<>();
            for (ObjectNode s : existing) {
                if (s.path("addressType").asString("").equals(t.getKey())) {
                    current.add(existing(s, service));
                }
            }
            Map<String, Map<String, ObjectNode>> want = new LinkedHashMap<>();
            t.getValue().forEach((k, v) -> want.put(k, v.endpoints()));
            SliceReconciler.Plan plan = SliceReconciler.reconcile(current, want, max);
            for (SliceReconciler.Create c : plan.create()) {
                create.add(EndpointSlices.newSlice(service, t.getKey(), t.getValue().get(c.portKey()).ports(),
                        c.endpoints()));
            }
            for (SliceReconciler.Update u : plan.update()) {
                ObjectNode s = byName.get(u.name()).deepCopy();
                update.add(EndpointSlices.withContent(s, service, t.getValue().get(u.portKey()).ports(), u.endpoints()));
            }
            plan.delete().forEach(n -> delete.add(byName.get(n)));
        }
        if (total == 0) {
            placeholder(service, types.getFirst(), existing, create, update, delete);
        }
        return new Result(create, update, delete);
    }

    /**
     * Without endpoints the service keeps exactly one empty slice: an existing empty one with the
     * right labels is kept, else a slice about to be deleted is emptied, else one is created.
     */
    private static void placeholder(ObjectNode service, String type, List<ObjectNode> existing,
                                    List<ObjectNode> create, List<ObjectNode> update, List<ObjectNode> delete) {
        for (ObjectNode s : existing) {
            if (isPlaceholder(s, type) && EndpointSlices.metaOk(s, service)) {
                delete.remove(s);
                return;
            }
        }
        if (!delete.isEmpty()) {
            ObjectNode reuse = delete.stream().filter(s -> s.path("addressType").asString("").equals(type))
                    .findFirst().orElse(null);
            if (reuse != null) {
                delete.remove(reuse);
                update.add(EndpointSlices.withContent(reuse.deepCopy(), service, null, List.of()));
                return;
            }
        }
        create.add(EndpointSlices.newSlice(service, type, null, List.of()));
    }

    private static boolean isPlaceholder(ObjectNode slice, String type) {
        return slice.path("addressType").asString("").equals(type) && slice.path("endpoints").isEmpty()
                && slice.path("ports").isEmpty();
    }

    private static SliceReconciler.Existing existing(ObjectNode slice, ObjectNode service) {
        LinkedHashMap<String, ObjectNode> eps = new LinkedHashMap<>();
        for (JsonNode ep : slice.path("endpoints")) {
            if (ep instanceof ObjectNode o) {
                eps.put(EndpointSlices.endpointKey(o), o);
            }
        }
        return new SliceReconciler.Existing(Meta.name(slice), EndpointSlices.portKey(slice.path("ports")), eps,
                EndpointSlices.metaOk(slice, service));
    }

    private static List<ObjectNode> sortedByIp(List<ObjectNode> pods) {
        TreeMap<String, ObjectNode> sorted = new TreeMap<>();
        for (ObjectNode p : pods) {
            sorted.put(EndpointPods.podIps(p).stream().findFirst().orElse("") + "/" + Meta.uid(p), p);
        }
        return new ArrayList<>(sorted.values());
    }
}
