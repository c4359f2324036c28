package io.k3j.apiserver.registry.kinds;

import io.k3j.api.Meta;
import io.k3j.api.Status;
import io.k3j.api.Validation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's validation of a PodSpec and of a pod template (pkg/apis/core/validation ValidatePodSpec and
 * ValidatePodTemplateSpec), for the fields that matter before anything runs: volumes, containers, restart and
 * DNS policy, grace periods and the service account name. Stateless and thread-safe.
 */
public final class PodSpecValidation {

    private static final String[] RESTART_POLICIES = {"Always", "OnFailure", "Never"};
    private static final String[] DNS_POLICIES = {"ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"};

    private PodSpecValidation() {
    }

    /** The problems of the PodSpec {@code spec} found at field path {@code path} (e.g. "spec"). */
    public static List<Status.Cause> validate(JsonNode spec, String path) {
        List<Status.Cause> causes = new ArrayList<>();
        if (!(spec instanceof ObjectNode s)) {
            causes.add(Causes.required(path + ".containers"));
            return causes;
        }
        Set<String> volumes = volumes(s, path + ".volumes", causes);
        Set<String> names = new HashSet<>();
        List<ObjectNode> containers = Trees.objects(s, "containers");
        if (containers.isEmpty()) {
            causes.add(Causes.required(path + ".containers"));
        }
        for (int i = 0; i < containers.size(); i++) {
            ContainerValidation.validate(containers.get(i), path + ".containers[" + i + "]", names, volumes, causes);
        }
        List<ObjectNode> init = Trees.objects(s, "initContainers");
        for (int i = 0; i < init.size(); i++) {
            ContainerValidation.validate(init.get(i), path + ".initContainers[" + i + "]", names, volumes, causes);
        }
        String restart = Trees.str(s, "restartPolicy");
        if (restart.isEmpty()) {
            causes.add(Causes.required(path + ".restartPolicy"));
        } else if (!List.of(RESTART_POLICIES).contains(restart)) {
            causes.add(Causes.notSupported(path + ".restartPolicy", restart, RESTART_POLICIES));
        }
        String dns = Trees.str(s, "dnsPolicy");
        if (dns.isEmpty()) {
            causes.add(Causes.required(path + ".dnsPolicy"));
        } else if (!List.of(DNS_POLICIES).contains(dns)) {
            causes.add(Causes.notSupported(path + ".dnsPolicy", dns, DNS_POLICIES));
        } else if (dns.equals("None") && Trees.absent(s, "dnsConfig")) {
            causes.add(Causes.required(path + ".dnsConfig", "must provide `dnsConfig` when `dnsPolicy` is None"));
        }
        Causes.nonNegative(causes, s, "terminationGracePeriodSeconds", path + ".terminationGracePeriodSeconds");
        JsonNode deadline = s.get("activeDeadlineSeconds");
        if (deadline != null && !deadline.isNull()
                && (!deadline.isIntegralNumber() || deadline.asLong() < 1 || deadline.asLong() > Integer.MAX_VALUE)) {
            causes.add(Causes.invalid(path + ".activeDeadlineSeconds", deadline,
                    "must be between 1 and 2147483647, inclusive"));
        }
        String sa = Trees.str(s, "serviceAccountName");
        if (!sa.isEmpty()) {
            for (String err : Validation.dns1123Subdomain(sa)) {
                causes.add(Causes.invalid(path + ".serviceAccountName", sa, err));
            }
        }
        return causes;
    }

    /**
     * The problems of a pod template at {@code path} (e.g. "spec.template"): its metadata labels and annotations
     * and its spec.
     */
    public static List<Status.Cause> template(JsonNode template, String path) {
        List<Status.Cause> causes = new ArrayList<>();
        if (template instanceof ObjectNode t) {
            List<Status.Cause> meta = new ArrayList<>();
            Validation.labels(Meta.labels(t), meta);
            Validation.annotations(Meta.stringMap(t, "annotations"), meta);
            Causes.reroot(meta, path, causes);
        }
        causes.addAll(validate(template == null ? null : template.get("spec"), path + ".spec"));
        return causes;
    }

    /** Upstream ValidateVolumes for names and single sources; returns the volume names. */
    private static Set<String> volumes(ObjectNode spec, String path, List<Status.Cause> causes) {
        Set<String> names = new HashSet<>();
        List<ObjectNode> volumes = Trees.objects(spec, "volumes");
        for (int i = 0; i < volumes.size(); i++) {
            ObjectNode v = volumes.get(i);
            String at = path + "[" + i + "]";
            String name = Trees.str(v, "name");
            if (name.isEmpty()) {
                causes.add(Causes.required(at + ".name"));
            } else {
                for (String err : Validation.dns1123Label(name)) {
                    causes.add(Causes.invalid(at + ".name", name, err));
                }
            }
            if (!names.add(name)) {
                causes.add(Causes.duplicate(at + ".name", name));
            }
            int sources = 0;
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                if (!e.getKey().equals("name") && !e.getValue().isNull() && ++sources > 1) {
                    causes.add(Causes.forbidden(at + "." + e.getKey(), "may not specify more than 1 volume type"));
                }
            }
            if (sources == 0) {
                causes.add(Causes.required(at, "must specify a volume type"));
            }
        }
        return names;
    }
}
