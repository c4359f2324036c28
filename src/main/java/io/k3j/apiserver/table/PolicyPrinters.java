package io.k3j.apiserver.table;

import io.k3j.apiserver.table.Printers.Printer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's table columns for policy, quota, scheduling, node, certificate and admission kinds, and the
 * generic NAME / CREATED AT table upstream gives the kinds it has no printer for (roles, limit ranges).
 */
final class PolicyPrinters {

    private PolicyPrinters() {
    }

    private static final String ADMISSION = "admissionregistration.k8s.io";

    static Map<String, TableConvertor> all() {
        Printer createdAt = new Printer(List.of(Column.ofName(), Column.ofCreatedAt()),
                (o, now) -> List.of(Cells.name(o), Cells.createdAt(o)));
        Printer webhooks = new Printer(List.of(Column.ofName(),
                Column.ofInteger("Webhooks", "Webhooks indicates the number of webhooks registered in this"
                        + " configuration"), Column.ofAge()),
                (o, now) -> List.of(Cells.name(o), Cells.size(o.path("webhooks")), Cells.age(o, now)));
        return Map.ofEntries(
                Map.entry("limitranges", createdAt),
                Map.entry("roles.rbac.authorization.k8s.io", createdAt),
                Map.entry("clusterroles.rbac.authorization.k8s.io", createdAt),
                Map.entry("customresourcedefinitions.apiextensions.k8s.io", createdAt),
                Map.entry("resourcequotas", new Printer(List.of(Column.ofName(),
                        Column.ofString("Request", "Request represents a minimum amount of cpu/memory that a container"
                                + " may consume."),
                        Column.ofString("Limit", "Limits control the maximum amount of cpu/memory that a container may"
                                + " use independent of contention on the node."), Column.ofAge()),
                        PolicyPrinters::quota)),
                Map.entry("poddisruptionbudgets.policy", new Printer(List.of(Column.ofName(),
                        Column.ofString("Min Available", "The minimum number of pods that must be available."),
                        Column.ofString("Max Unavailable", "The maximum number of pods that may be unavailable."),
                        Column.ofInteger("Allowed Disruptions", "Calculated number of pods that may be disrupted at"
                                + " this time."), Column.ofAge()),
                        (o, now) -> List.of(Cells.name(o), Cells.intOrString(o.path("spec").path("minAvailable")),
                                Cells.intOrString(o.path("spec").path("maxUnavailable")),
                                o.path("status").path("disruptionsAllowed").asInt(0), Cells.age(o, now)))),
                Map.entry("priorityclasses.scheduling.k8s.io", new Printer(List.of(Column.ofName(),
                        Column.ofInteger("Value", "value represents the integer value of this priority class."),
                        Column.ofBoolean("Global-Default", "globalDefault specifies whether this PriorityClass should"
                                + " be considered as the default priority for pods that do not have any priority"
                                + " class."),
                        Column.ofAge(),
                        Column.ofString("PreemptionPolicy", "preemptionPolicy is the Policy for preempting pods with"
                                + " lower priority.")),
                        (o, now) -> List.of(Cells.name(o), o.path("value").asInt(0),
                                o.path("globalDefault").asBoolean(false), Cells.age(o, now),
                                o.path("preemptionPolicy").asString("")))),
                Map.entry("runtimeclasses.node.k8s.io", new Printer(List.of(Column.ofName(),
                        Column.ofString("Handler", ""), Column.ofAge()),
                        (o, now) -> List.of(Cells.name(o), o.path("handler").asString(""), Cells.age(o, now)))),
                Map.entry("certificatesigningrequests.certificates.k8s.io", new Printer(List.of(Column.ofName(),
                        Column.ofAge(),
                        Column.ofString("SignerName", "signerName indicates the requested signer, and is a qualified"
                                + " name."),
                        Column.ofString("Requestor", "request contains an x509 certificate signing request encoded in"
                                + " a \"CERTIFICATE REQUEST\" PEM block."),
                        Column.ofString("RequestedDuration", "expirationSeconds is the requested duration of validity"
                                + " of the issued certificate."),
                        Column.ofString("Condition", "conditions applied to the request. Known conditions are"
                                + " \"Approved\", \"Denied\", and \"Failed\".")),
                        PolicyPrinters::csr)),
                Map.entry("mutatingwebhookconfigurations." + ADMISSION, webhooks),
                Map.entry("validatingwebhookconfigurations." + ADMISSION, webhooks),
                Map.entry("validatingadmissionpolicies." + ADMISSION, new Printer(List.of(Column.ofName(),
                        Column.ofInteger("Validations", "Validations indicates the number of validation rules defined"
                                + " in this configuration"),
                        Column.ofString("ParamKind", "ParamKind specifies the kind of resources used to parameterize"
                                + " this policy"), Column.ofAge()),
                        (o, now) -> {
                            JsonNode pk = o.path("spec").path("paramKind");
                            return List.of(Cells.name(o), Cells.size(o.path("spec").path("validations")),
                                    pk.isObject() ? pk.path("apiVersion").asString("") + "/"
                                            + pk.path("kind").asString("") : "<unset>",
                                    Cells.age(o, now));
                        })),
                Map.entry("validatingadmissionpolicybindings." + ADMISSION, new Printer(List.of(Column.ofName(),
                        Column.ofString("PolicyName", "PolicyName indicates the policy definition which the policy"
                                + " binding binded to"),
                        Column.ofString("ParamRef", "ParamRef indicates the param resource which sets the configration"
                                + " param"), Column.ofAge()),
                        (o, now) -> List.of(Cells.name(o), o.path("spec").path("policyName").asString(""),
                                paramRef(o.path("spec").path("paramRef")), Cells.age(o, now)))));
    }

    /** Each resource's "used/hard", requests and counts in one cell, "limits.*" in the other. */
    private static List<Object> quota(ObjectNode o, Instant now) {
        Map<String, JsonNode> hard = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : o.path("status").path("hard").properties()) {
            hard.put(e.getKey(), e.getValue());
        }
        List<String> requests = new ArrayList<>();
        List<String> limits = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : hard.entrySet()) {
            String resource = e.getKey();
            String used = o.path("status").path("used").path(resource).asString("0");
            String entry = resource + ": " + used + "/" + e.getValue().asString("");
            (resource.startsWith("limits.") ? limits : requests).add(entry);
        }
        return List.of(Cells.name(o), String.join(", ", requests), String.join(", ", limits), Cells.age(o, now));
    }

    private static List<Object> csr(ObjectNode o, Instant now) {
        JsonNode spec = o.path("spec");
        JsonNode expiration = spec.path("expirationSeconds");
        String duration = expiration.canConvertToLong()
                ? HumanDuration.format(Duration.ofSeconds(expiration.asLong())) : "<none>";
        return List.of(Cells.name(o), Cells.age(o, now), Cells.orNone(spec.path("signerName").asString("")),
                spec.path("username").asString(""), duration, csrCondition(o.path("status")));
    }

    /** Denied, Approved or Pending, then ",Failed" and ",Issued" when they apply. */
    private static String csrCondition(JsonNode status) {
        boolean approved = false;
        boolean denied = false;
        boolean failed = false;
        for (JsonNode c : status.path("conditions")) {
            switch (c.path("type").asString("")) {
                case "Approved" -> approved = true;
                case "Denied" -> denied = true;
                case "Failed" -> failed = true;
                default -> { }
            }
        }
        String s = denied ? "Denied" : approved ? "Approved" : "Pending";
        if (failed) {
            s += ",Failed";
        }
        if (!status.path("certificate").asString("").isEmpty()) {
            s += ",Issued";
        }
        return s;
    }

    /** "namespace/name", "*&#47;name" without a namespace, or the selector in Go's struct notation. */
    private static String paramRef(JsonNode ref) {
        if (!ref.isObject()) {
            return "<unset>";
        }
        String name = ref.path("name").asString("");
        if (!name.isEmpty()) {
            String ns = ref.path("namespace").asString("");
            return (ns.isEmpty() ? "*" : ns) + "/" + name;
        }
        JsonNode selector = ref.path("selector");
        return selector.isObject() ? goSelector(selector) : "<unset>";
    }

    /** A metav1.LabelSelector printed the way its generated Go String() method prints it. */
    private static String goSelector(JsonNode selector) {
        StringBuilder labels = new StringBuilder("map[string]string{");
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : selector.path("matchLabels").properties()) {
            sorted.put(e.getKey(), e.getValue().asString(""));
        }
        sorted.forEach((k, v) -> labels.append(k).append(": ").append(v).append(','));
        labels.append('}');
        StringBuilder exprs = new StringBuilder("[]LabelSelectorRequirement{");
        for (JsonNode e : selector.path("matchExpressions")) {
            List<String> values = new ArrayList<>();
            for (JsonNode v : e.path("values")) {
                values.add(v.asString(""));
            }
            exprs.append("LabelSelectorRequirement{Key:").append(e.path("key").asString(""))
                    .append(",Operator:").append(e.path("operator").asString(""))
                    .append(",Values:[").append(String.join(" ", values)).append("],},");
        }
        exprs.append('}');
        return "&LabelSelector{MatchLabels:" + labels + ",MatchExpressions:" + exprs + ",}";
    }
}
