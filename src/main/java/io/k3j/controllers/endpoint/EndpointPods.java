package io.k3j.controllers.endpoint;

import io.k3j.api.Meta;
import io.k3j.controllers.Pods;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a pod takes part in a Service's endpoints, shared by the Endpoints and EndpointSlice
 * controllers (upstream's k8s.io/endpointslice/util and podutil.FindPort). Stateless.
 */
public final class EndpointPods {

    private EndpointPods() {
    }

    /**
     * Whether the pod belongs in endpoints at all: it has an IP, is not being deleted (unless
     * {@code includeTerminating}), and has not finished for good under its restart policy.
     */
    public static boolean shouldPodBeInEndpoints(ObjectNode pod, boolean includeTerminating) {
        if (podIps(pod).isEmpty()) {
            return false;
        }
        if (!includeTerminating && Meta.isDeleting(pod)) {
            return false;
        }
        String phase = Pods.phase(pod);
        String restart = pod.path("spec").path("restartPolicy").asString("Always");
        return switch (restart) {
            case "Never" -> !phase.equals("Failed") && !phase.equals("Succeeded");
            case "OnFailure" -> !phase.equals("Succeeded");
            default -> true;
        };
    }

    /** The pod's hostname is published when its subdomain names the service (same namespace). */
    public static boolean shouldSetHostname(ObjectNode pod, ObjectNode service) {
        String hostname = pod.path("spec").path("hostname").asString("");
        return !hostname.isEmpty()
                && pod.path("spec").path("subdomain").asString("").equals(Meta.name(service))
                && Objects.equals(Meta.namespace(pod), Meta.namespace(service));
    }

    /** status.podIPs, or status.podIP alone when the list is missing. */
    public static List<String> podIps(ObjectNode pod) {
        List<String> ips = new ArrayList<>();
        for (JsonNode ip : pod.path("status").path("podIPs")) {
            String s = ip.path("ip").asString("");
            if (!s.isEmpty()) {
                ips.add(s);
            }
        }
        String primary = pod.path("status").path("podIP").asString("");
        if (ips.isEmpty() && !primary.isEmpty()) {
            ips.add(primary);
        }
        return ips;
    }

    /** {@code IPv6} for addresses with a colon, {@code IPv4} otherwise. */
    public static String family(String ip) {
        return ip.contains(":") ? "IPv6" : "IPv4";
    }

    /** The pod's first IP of {@code family} ({@code IPv4}/{@code IPv6}), or null. */
    public static String podIpOfFamily(ObjectNode pod, String family) {
        for (String ip : podIps(pod)) {
            if (family(ip).equals(family)) {
                return ip;
            }
        }
        return null;
    }

    /**
     * The service's primary IP family: {@code spec.ipFamilies[0]}, else the family of its
     * cluster IP, else null (headless without families: the pod's primary IP decides).
     */
    public static String serviceFamily(ObjectNode service) {
        JsonNode families = service.path("spec").path("ipFamilies");
        if (families.isArray() && !families.isEmpty()) {
            return families.get(0).asString("IPv4");
        }
        String clusterIp = service.path("spec").path("clusterIP").asString("");
        if (!clusterIp.isEmpty() && !clusterIp.equals("None")) {
            return family(clusterIp);
        }
        return null;
    }

    /** The pod address the Endpoints of {@code service} lists, or null when it has none of the service's family. */
    public static String podIpForService(ObjectNode pod, ObjectNode service) {
        String family = serviceFamily(service);
        if (family == null) {
            List<String> ips = podIps(pod);
            return ips.isEmpty() ? null : ips.getFirst();
        }
        return podIpOfFamily(pod, family);
    }

    public static boolean isHeadless(ObjectNode service) {
        return service.path("spec").path("clusterIP").asString("").equals("None");
    }

    /**
     * The container port a service port reaches on this pod (upstream's podutil.FindPort): a
     * numeric targetPort as is (the service port when unset), a named one looked up among the
     * containers' (and sidecar init containers') ports of the same protocol; empty when the
     * name is not found.
     */
    public static OptionalInt findPort(ObjectNode pod, JsonNode servicePort) {
        JsonNode target = servicePort.path("targetPort");
        if (target.isString()) {
            String name = target.stringValue();
            if (!name.isEmpty() && !name.chars().allMatch(Character::isDigit)) {
                String protocol = servicePort.path("protocol").asString("TCP");
                OptionalInt found = findNamed(pod.path("spec").path("containers"), name, protocol, false);
                return found.isPresent() ? found
                        : findNamed(pod.path("spec").path("initContainers"), name, protocol, true);
            }
            if (!name.isEmpty()) {
                return positive(Integer.parseInt(name), servicePort);
            }
        } else if (target.isNumber()) {
            return positive(target.asInt(), servicePort);
        }
        return positive(0, servicePort);
    }

    private static OptionalInt positive(int port, JsonNode servicePort) {
        int p = port > 0 ? port : servicePort.path("port").asInt(0);
        return p > 0 ? OptionalInt.of(p) : OptionalInt.empty();
    }

    private static OptionalInt findNamed(JsonNode containers, String name, String protocol, boolean sidecarsOnly) {
        for (JsonNode c : containers) {
            if (sidecarsOnly && !c.path("restartPolicy").asString("").equals("Always")) {
                continue;
            }
            for (JsonNode p : c.path("ports")) {
                if (p.path("name").asString("").equals(name)
                        && p.path("protocol").asString("TCP").equals(protocol)) {
                    return OptionalInt.of(p.path("containerPort").asInt());
                }
            }
        }
        return OptionalInt.empty();
    }

    /**
     * Whether an update changed anything endpoints are built from: labels, addresses,
     * readiness, deletion, phase, node, hostname/subdomain or container ports.
     */
    public static boolean endpointsChanged(ObjectNode oldPod, ObjectNode newPod) {
        return !Objects.equals(Meta.labels(oldPod), Meta.labels(newPod))
                || !podIps(oldPod).equals(podIps(newPod))
                || Pods.isReady(oldPod) != Pods.isReady(newPod)
                || Meta.isDeleting(oldPod) != Meta.isDeleting(newPod)
                || !Pods.phase(oldPod).equals(Pods.phase(newPod))
                || !Pods.nodeName(oldPod).equals(Pods.nodeName(newPod))
                || !oldPod.path("spec").path("hostname").equals(newPod.path("spec").path("hostname"))
                || !oldPod.path("spec").path("subdomain").equals(newPod.path("spec").path("subdomain"))
                || !oldPod.path("spec").path("containers").equals(newPod.path("spec").path("containers"));
    }
}
