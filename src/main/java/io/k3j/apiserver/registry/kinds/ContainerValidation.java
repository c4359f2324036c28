package io.k3j.apiserver.registry.kinds;

import io.k3j.api.Status;
import io.k3j.api.Validation;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's validation of one container of a PodSpec (pkg/apis/core/validation validateContainers and helpers):
 * name, image, policies, ports, env names, volume mounts and resource requirements. Stateless and thread-safe.
 */
final class ContainerValidation {

    private static final Set<String> STANDARD_RESOURCES = Set.of("cpu", "memory", "ephemeral-storage");

    private ContainerValidation() {
    }

    /**
     * Adds the problems of container {@code c} at {@code path}; {@code names} collects container names across the
     * pod (for duplicates), {@code volumes} are the pod's volume names.
     */
    static void validate(ObjectNode c, String path, Set<String> names, Set<String> volumes,
                         List<Status.Cause> causes) {
        String name = Trees.str(c, "name");
        if (name.isEmpty()) {
            causes.add(Causes.required(path + ".name"));
        } else {
            for (String err : Validation.dns1123Label(name)) {
                causes.add(Causes.invalid(path + ".name", name, err));
            }
        }
        if (!names.add(name)) {
            causes.add(Causes.duplicate(path + ".name", name));
        }
        if (Trees.blank(c, "image")) {
            causes.add(Causes.required(path + ".image"));
        }
        oneOf(c, "imagePullPolicy", path, causes, "Always", "IfNotPresent", "Never");
        oneOf(c, "terminationMessagePolicy", path, causes, "File", "FallbackToLogsOnError");
        ports(c, path + ".ports", causes);
        List<ObjectNode> env = Trees.objects(c, "env");
        for (int i = 0; i < env.size(); i++) {
            if (Trees.blank(env.get(i), "name")) {
                causes.add(Causes.required(path + ".env[" + i + "].name"));
            }
        }
        mounts(c, path + ".volumeMounts", volumes, causes);
        resources(Trees.objectOrNull(c, "resources"), path + ".resources", causes);
    }

    private static void oneOf(ObjectNode c, String field, String path, List<Status.Cause> causes, String... allowed) {
        String v = Trees.str(c, field);
        if (v.isEmpty()) {
            causes.add(Causes.required(path + "." + field));
        } else if (!List.of(allowed).contains(v)) {
            causes.add(Causes.notSupported(path + "." + field, v, allowed));
        }
    }

    private static void ports(ObjectNode c, String path, List<Status.Cause> causes) {
        Set<String> portNames = new HashSet<>();
        List<ObjectNode> ports = Trees.objects(c, "ports");
        for (int i = 0; i < ports.size(); i++) {
            ObjectNode p = ports.get(i);
            String at = path + "[" + i + "]";
            String name = Trees.str(p, "name");
            if (!name.isEmpty()) {
                List<String> errs = Causes.portName(name);
                for (String err : errs) {
                    causes.add(Causes.invalid(at + ".name", name, err));
                }
                if (errs.isEmpty() && !portNames.add(name)) {
                    causes.add(Causes.duplicate(at + ".name", name));
                }
            }
            JsonNode containerPort = p.get("containerPort");
            if (Trees.zero(p, "containerPort")) {
                causes.add(Causes.required(at + ".containerPort"));
            } else {
                portNumber(containerPort, at + ".containerPort", causes);
            }
            if (!Trees.zero(p, "hostPort")) {
                portNumber(p.get("hostPort"), at + ".hostPort", causes);
            }
            String protocol = Trees.str(p, "protocol");
            if (protocol.isEmpty()) {
                causes.add(Causes.required(at + ".protocol"));
            } else if (!List.of("SCTP", "TCP", "UDP").contains(protocol)) {
                causes.add(Causes.notSupported(at + ".protocol", protocol, "SCTP", "TCP", "UDP"));
            }
        }
    }

    /** Adds a cause unless {@code port} is an integer port number. */
    static void portNumber(JsonNode port, String field, List<Status.Cause> causes) {
        if (!port.isIntegralNumber()) {
            causes.add(Causes.invalid(field, port, "must be an integer"));
            return;
        }
        for (String err : Causes.portNum(port.asLong())) {
            causes.add(Causes.invalid(field, port, err));
        }
    }

    private static void mounts(ObjectNode c, String path, Set<String> volumes, List<Status.Cause> causes) {
        Set<String> mountPoints = new HashSet<>();
        List<ObjectNode> mounts = Trees.objects(c, "volumeMounts");
        for (int i = 0; i < mounts.size(); i++) {
            ObjectNode m = mounts.get(i);
            String at = path + "[" + i + "]";
            String name = Trees.str(m, "name");
            if (name.isEmpty()) {
                causes.add(Causes.required(at + ".name"));
            }
            if (!volumes.contains(name)) {
                causes.add(Causes.notFound(at + ".name", name));
            }
            String mountPath = Trees.str(m, "mountPath");
            if (mountPath.isEmpty()) {
                causes.add(Causes.required(at + ".mountPath"));
            } else if (!mountPoints.add(mountPath)) {
                causes.add(Causes.invalid(at + ".mountPath", mountPath, "must be unique"));
            }
        }
    }

    /** Upstream ValidateContainerResourceRequirements: names, non-negative quantities, requests within limits. */
    static void resources(ObjectNode resources, String path, List<Status.Cause> causes) {
        ObjectNode limits = Trees.objectOrNull(resources, "limits");
        ObjectNode requests = Trees.objectOrNull(resources, "requests");
        quantities(limits, path + ".limits", causes);
        quantities(requests, path + ".requests", causes);
        if (limits == null || requests == null) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : requests.properties()) {
            JsonNode limitNode = limits.get(e.getKey());
            BigDecimal request = Quantities.of(e.getValue());
            BigDecimal limit = limitNode == null ? null : Quantities.of(limitNode);
            if (request == null || limit == null) {
                continue;
            }
            String name = e.getKey();
            boolean overcommit = (!name.contains("/") || name.contains("kubernetes.io/"))
                    && !name.startsWith("hugepages-");
            if (!overcommit && request.compareTo(limit) != 0) {
                causes.add(Causes.invalid(path + ".requests", Quantities.text(e.getValue()),
                        "must be equal to " + name + " limit of " + Quantities.text(limitNode)));
            } else if (request.compareTo(limit) > 0) {
                causes.add(Causes.invalid(path + ".requests", Quantities.text(e.getValue()),
                        "must be less than or equal to " + name + " limit of " + Quantities.text(limitNode)));
            }
        }
    }

    private static void quantities(ObjectNode list, String path, List<Status.Cause> causes) {
        if (list == null) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : list.properties()) {
            String name = e.getKey();
            String at = path + "[" + name + "]";
            if (!name.contains("/") && !STANDARD_RESOURCES.contains(name) && !name.startsWith("hugepages-")) {
                causes.add(Causes.invalid(at, name, "must be a standard resource for containers"));
            } else if (name.contains("/")) {
                for (String err : Validation.qualifiedName(name)) {
                    causes.add(Causes.invalid(at, name, err));
                }
            }
            BigDecimal q = Quantities.of(e.getValue());
            if (q == null) {
                causes.add(Causes.invalid(at, e.getValue(), Quantities.FORMAT_ERROR));
            } else if (q.signum() < 0) {
                causes.add(Causes.invalid(at, Quantities.text(e.getValue()), "must be greater than or equal to 0"));
            }
        }
    }
}
