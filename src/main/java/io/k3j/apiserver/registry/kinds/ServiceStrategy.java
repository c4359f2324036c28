package io.k3j.apiserver.registry.kinds;

import io.k3j.api.Meta;
import io.k3j.api.Status;
import io.k3j.api.Validation;
import io.k3j.apiserver.registry.Strategy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Services (core/v1), without IP or node-port allocation (done elsewhere): SetDefaults_Service (type ClusterIP,
 * sessionAffinity None, port protocol TCP and targetPort = port, traffic policies, allocateLoadBalancerNodePorts)
 * and ipFamilyPolicy SingleStack on every write; status {"loadBalancer": {}} on create; names are DNS-1035 labels;
 * validation of type, ports and policies follows ValidateService. Stateless and thread-safe.
 */
public final class ServiceStrategy implements Strategy {

    private static final Pattern DNS1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final String[] TYPES = {"ClusterIP", "ExternalName", "LoadBalancer", "NodePort"};
    private static final String[] PROTOCOLS = {"SCTP", "TCP", "UDP"};

    @Override
    public void prepareForCreate(ObjectNode obj) {
        defaults(obj);
        obj.putObject("status").putObject("loadBalancer");
    }

    @Override
    public void prepareForUpdate(ObjectNode updated, ObjectNode old) {
        defaults(updated);
        Workloads.keepGeneration(updated, old);
    }

    @Override
    public boolean nameIsLabel() {
        return true;
    }

    private static void defaults(ObjectNode obj) {
        ObjectNode spec = Trees.object(obj, "spec");
        if (spec == null) {
            return;
        }
        Trees.defaultString(spec, "sessionAffinity", "None");
        String affinity = Trees.str(spec, "sessionAffinity");
        if (affinity.equals("None")) {
            spec.remove("sessionAffinityConfig");
        } else if (affinity.equals("ClientIP") && Trees.absent(spec.path("sessionAffinityConfig")
                .path("clientIP"), "timeoutSeconds")) {
            spec.putObject("sessionAffinityConfig").putObject("clientIP").put("timeoutSeconds", 10800);
        }
        Trees.defaultString(spec, "type", "ClusterIP");
        for (ObjectNode port : Trees.objects(spec, "ports")) {
            Trees.defaultString(port, "protocol", "TCP");
            JsonNode target = port.get("targetPort");
            boolean unset = target == null || target.isNull() || target.isNumber() && target.asLong() == 0
                    || target.isString() && target.stringValue().isEmpty();
            if (unset && port.get("port") != null && port.get("port").isIntegralNumber()) {
                port.set("targetPort", port.get("port").deepCopy());
            }
        }
        String type = Trees.str(spec, "type");
        boolean external = type.equals("LoadBalancer") || type.equals("NodePort")
                || type.equals("ClusterIP") && Trees.size(spec, "externalIPs") > 0;
        if (external) {
            Trees.defaultString(spec, "externalTrafficPolicy", "Cluster");
        }
        if (type.equals("ClusterIP") || type.equals("NodePort") || type.equals("LoadBalancer")) {
            Trees.defaultString(spec, "internalTrafficPolicy", "Cluster");
            Trees.defaultString(spec, "ipFamilyPolicy", "SingleStack");
        }
        if (type.equals("LoadBalancer")) {
            Trees.defaultBool(spec, "allocateLoadBalancerNodePorts", true);
        }
    }

    @Override
    public List<Status.Cause> validate(ObjectNode obj) {
        List<Status.Cause> causes = new ArrayList<>();
        String name = Meta.name(obj);
        if (name != null && Validation.dns1123Label(name).isEmpty() && !DNS1035.matcher(name).matches()) {
            causes.add(Causes.invalid("metadata.name", name, "a DNS-1035 label must consist of lower case"
                    + " alphanumeric characters or '-', start with an alphabetic character, and end with an"
                    + " alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is"
                    + " '[a-z]([-a-z0-9]*[a-z0-9])?')"));
        }
        ObjectNode spec = Trees.objectOrNull(obj, "spec");
        if (spec == null) {
            causes.add(Causes.required("spec.ports"));
            return causes;
        }
        String type = Trees.str(spec, "type");
        String clusterIP = Trees.str(spec, "clusterIP");
        JsonNode clusterIPs = spec.get("clusterIPs");
        if (clusterIP.isEmpty() && clusterIPs != null && clusterIPs.isArray() && !clusterIPs.isEmpty()) {
            clusterIP = clusterIPs.get(0).asString();
        }
        boolean headless = type.equals("ClusterIP") && clusterIP.equals("None");
        List<ObjectNode> ports = Trees.objects(spec, "ports");
        if (ports.isEmpty() && !headless && !type.equals("ExternalName")) {
            causes.add(Causes.required("spec.ports"));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            port(ports.get(i), "spec.ports[" + i + "]", ports.size() > 1, names, type, causes);
        }
        if (!List.of(TYPES).contains(type)) {
            causes.add(Causes.notSupported("spec.type", type, TYPES));
        }
        if (type.equals("ExternalName")) {
            String externalName = Trees.str(spec, "externalName");
            if (externalName.isEmpty()) {
                causes.add(Causes.required("spec.externalName"));
            } else {
                String trimmed = externalName.endsWith(".") ? externalName.substring(0, externalName.length() - 1)
                        : externalName;
                for (String err : Validation.dns1123Subdomain(trimmed)) {
                    causes.add(Causes.invalid("spec.externalName", externalName, err));
                }
            }
        }
        oneOf(spec, "sessionAffinity", causes, "ClientIP", "None");
        oneOf(spec, "externalTrafficPolicy", causes, "Cluster", "Local");
        oneOf(spec, "internalTrafficPolicy", causes, "Cluster", "Local");
        oneOf(spec, "ipFamilyPolicy", causes, "PreferDualStack", "RequireDualStack", "SingleStack");
        return causes;
    }

    /** Upstream validateServicePort, plus nodePort being forbidden for ClusterIP and ExternalName services. */
    private static void port(ObjectNode p, String path, boolean requireName, Set<String> names, String type,
                             List<Status.Cause> causes) {
        String name = Trees.str(p, "name");
        if (requireName && name.isEmpty()) {
            causes.add(Causes.required(path + ".name"));
        } else if (!name.isEmpty()) {
            for (String err : Validation.dns1123Label(name)) {
                causes.add(Causes.invalid(path + ".name", name, err));
            }
            if (!names.add(name)) {
                causes.add(Causes.duplicate(path + ".name", name));
            }
        }
        JsonNode number = p.get("port");
        ContainerValidation.portNumber(number == null ? p.numberNode(0) : number, path + ".port", causes);
        String protocol = Trees.str(p, "protocol");
        if (protocol.isEmpty()) {
            causes.add(Causes.required(path + ".protocol"));
        } else if (!List.of(PROTOCOLS).contains(protocol)) {
            causes.add(Causes.notSupported(path + ".protocol", protocol, PROTOCOLS));
        }
        JsonNode target = p.get("targetPort");
        if (target != null && target.isString()) {
            for (String err : Causes.portName(target.stringValue())) {
                causes.add(Causes.invalid(path + ".targetPort", target, err));
            }
        } else if (target != null && !target.isNull()) {
            ContainerValidation.portNumber(target, path + ".targetPort", causes);
        }
        if (!Trees.zero(p, "nodePort") && (type.equals("ClusterIP") || type.equals("ExternalName"))) {
            causes.add(Causes.forbidden(path + ".nodePort", "may not be used when `type` is '" + type + "'"));
        }
    }

    private static void oneOf(ObjectNode spec, String field, List<Status.Cause> causes, String... allowed) {
        String v = Trees.text(spec, field);
        if (v != null && !v.isEmpty() && !List.of(allowed).contains(v)) {
            causes.add(Causes.notSupported("spec." + field, v, allowed));
        }
    }
}
