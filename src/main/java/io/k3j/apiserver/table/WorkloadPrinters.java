package io.k3j.apiserver.table;

import io.k3j.apiserver.table.Printers.Printer;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Upstream's table columns for the workload kinds not in {@link Printers}, autoscalers and RBAC bindings. */
final class WorkloadPrinters {

    private WorkloadPrinters() {
    }

    static Map<String, TableConvertor> all() {
        return Map.ofEntries(
                Map.entry("replicationcontrollers", new Printer(List.of(Column.ofName(),
                        Column.ofInteger("Desired", "Replicas is the number of desired replicas."),
                        Column.ofInteger("Current", "Replicas is the most recently observed number of replicas."),
                        Column.ofInteger("Ready", "The number of ready replicas for this replication controller."),
                        Column.ofAge(),
                        Column.ofWide("Containers", "Names of each container in the template."),
                        Column.ofWide("Images", "Images referenced by each container in the template."),
                        Column.ofWide("Selector", "Selector is a label query over pods that should match the"
                                + " Replicas count.")),
                        (o, now) -> List.of(Cells.name(o), o.path("spec").path("replicas").asInt(1),
                                o.path("status").path("replicas").asInt(0),
                                o.path("status").path("readyReplicas").asInt(0), Cells.age(o, now),
                                Cells.containers(o.path("spec").path("template").path("spec"), "name"),
                                Cells.containers(o.path("spec").path("template").path("spec"), "image"),
                                Cells.selector(o.path("spec").path("selector"))))),
                Map.entry("podtemplates", new Printer(List.of(Column.ofName(),
                        Column.ofString("Containers", "Names of each container in the template."),
                        Column.ofString("Images", "Images referenced by each container in the template."),
                        Column.ofString("Pod Labels", "The labels for the pod template.")),
                        (o, now) -> List.of(Cells.name(o),
                                Cells.containers(o.path("template").path("spec"), "name"),
                                Cells.containers(o.path("template").path("spec"), "image"),
                                Cells.selector(o.path("template").path("metadata").path("labels"))))),
                Map.entry("controllerrevisions.apps", new Printer(List.of(Column.ofName(),
                        Column.ofString("Controller", "Controller of the object"),
                        Column.ofString("Revision", "Revision indicates the revision of the state represented by"
                                + " Data."), Column.ofAge()),
                        (o, now) -> List.of(Cells.name(o), controller(o), o.path("revision").asLong(0),
                                Cells.age(o, now)))),
                Map.entry("horizontalpodautoscalers.autoscaling", new Printer(List.of(Column.ofName(),
                        Column.ofString("Reference", "reference to scaled resource; horizontal pod autoscaler will"
                                + " learn the current resource consumption and will set the desired number of pods"
                                + " by using its Scale subresource."),
                        Column.ofString("Targets", "metrics contains the specifications for which to use to"
                                + " calculate the desired replica count."),
                        Column.ofString("MinPods", "minReplicas is the lower limit for the number of replicas to"
                                + " which the autoscaler can scale down."),
                        Column.ofString("MaxPods", "maxReplicas is the upper limit for the number of replicas to"
                                + " which the autoscaler can scale up."),
                        Column.ofString("Replicas", "currentReplicas is current number of replicas of pods managed"
                                + " by this autoscaler, as last seen by the autoscaler."), Column.ofAge()),
                        WorkloadPrinters::hpa)),
                Map.entry("statefulsets.apps", new Printer(List.of(Column.ofName(),
                        Column.ofString("Ready", "Number of the pod with ready state"), Column.ofAge(),
                        Column.ofWide("Containers", "Names of each container in the template."),
                        Column.ofWide("Images", "Images referenced by each container in the template.")),
                        (o, now) -> List.of(Cells.name(o), o.path("status").path("readyReplicas").asInt(0) + "/"
                                + o.path("spec").path("replicas").asInt(1), Cells.age(o, now),
                                Cells.containers(o.path("spec").path("template").path("spec"), "name"),
                                Cells.containers(o.path("spec").path("template").path("spec"), "image")))),
                Map.entry("daemonsets.apps", new Printer(List.of(Column.ofName(),
                        Column.ofInteger("Desired", "The desired number of nodes that should be running the daemon pod."),
                        Column.ofInteger("Current", "The number of nodes that are running at least 1 daemon pod."),
                        Column.ofInteger("Ready", "The number of nodes that should be running the daemon pod and have"
                                + " one or more of the daemon pod running and ready."),
                        Column.ofInteger("Up-to-date", "The total number of nodes that are running updated daemon pod"),
                        Column.ofInteger("Available", "The number of nodes that should be running the daemon pod and"
                                + " have one or more of the daemon pod running and available."),
                        Column.ofString("Node Selector", "NodeSelector is a selector which must be true for the pod to"
                                + " fit on a node."), Column.ofAge(),
                        Column.ofWide("Containers", "Names of each container in the template."),
                        Column.ofWide("Images", "Images referenced by each container in the template."),
                        Column.ofWide("Selector", "A label query over pods that are managed by the daemon set.")),
                        (o, now) -> {
                            JsonNode st = o.path("status");
                            return List.of(Cells.name(o), st.path("desiredNumberScheduled").asInt(0),
                                    st.path("currentNumberScheduled").asInt(0), st.path("numberReady").asInt(0),
                                    st.path("updatedNumberScheduled").asInt(0), st.path("numberAvailable").asInt(0),
                                    Cells.selector(o.path("spec").path("template").path("spec").path("nodeSelector")),
                                    Cells.age(o, now),
                                    Cells.containers(o.path("spec").path("template").path("spec"), "name"),
                                    Cells.containers(o.path("spec").path("template").path("spec"), "image"),
                                    Cells.labelSelector(o.path("spec").path("selector")));
                        })),
                Map.entry("jobs.batch", new Printer(List.of(Column.ofName(),
                        Column.ofString("Status", "Status of the job."),
                        Column.ofString("Completions", "The desired number of successfully finished pods the job"
                                + " should be run with."),
                        Column.ofString("Duration", "Time required to complete the job."), Column.ofAge(),
                        Column.ofWide("Containers", "Names of each container in the template."),
                        Column.ofWide("Images", "Images referenced by each container in the template."),
                        Column.ofWide("Selector", "A label query over pods that should match the pod count.")),
                        WorkloadPrinters::job)),
                Map.entry("cronjobs.batch", new Printer(List.of(Column.ofName(),
                        Column.ofString("Schedule", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
                        Column.ofString("Timezone", "The time zone name for the given schedule"),
                        Column.ofString("Suspend", "This flag tells the controller to suspend subsequent executions."),
                        Column.ofInteger("Active", "A list of pointers to currently running jobs."),
                        Column.ofString("Last Schedule", "Information when was the last time the job was successfully"
                                + " scheduled."), Column.ofAge(),
                        Column.ofWide("Containers", "Names of each container in the template."),
                        Column.ofWide("Images", "Images referenced by each container in the template."),
                        Column.ofWide("Selector", "A label query over pods that should match the pod count.")),
                        (o, now) -> {
                            JsonNode jt = o.path("spec").path("jobTemplate").path("spec");
                            String last = o.path("status").path("lastScheduleTime").asString("");
                            return List.of(Cells.name(o), o.path("spec").path("schedule").asString(""),
                                    Cells.orNone(o.path("spec").path("timeZone").asString("")),
                                    Boolean.toString(o.path("spec").path("suspend").asBoolean(false)),
                                    o.path("status").path("active").size(),
                                    last.isEmpty() ? "<none>" : Cells.since(last, now), Cells.age(o, now),
                                    Cells.containers(jt.path("template").path("spec"), "name"),
                                    Cells.containers(jt.path("template").path("spec"), "image"),
                                    Cells.labelSelector(jt.path("selector")));
                        })),
                Map.entry("rolebindings.rbac.authorization.k8s.io", bindings("roleBinding",
                        "RoleRef can reference a Role in the current namespace or a ClusterRole in the global"
                                + " namespace.")),
                Map.entry("clusterrolebindings.rbac.authorization.k8s.io", bindings("clusterRoleBinding",
                        "RoleRef can only reference a ClusterRole in the global namespace.")));
    }

    private static Printer bindings(String kind, String roleRef) {
        return new Printer(List.of(Column.ofName(),
                Column.ofString("Role", roleRef),
                Column.ofAge(),
                Column.ofWide("Users", "Users in the " + kind),
                Column.ofWide("Groups", "Groups in the " + kind),
                Column.ofWide("ServiceAccounts", "ServiceAccounts in the " + kind)),
                WorkloadPrinters::binding);
    }

    /** The controlling owner as "kind.group/name" in lower case, "<none>" without one. */
    private static String controller(ObjectNode o) {
        for (JsonNode ref : o.path("metadata").path("ownerReferences")) {
            if (ref.path("controller").asBoolean(false)) {
                String apiVersion = ref.path("apiVersion").asString("");
                int slash = apiVersion.indexOf('/');
                String group = slash < 0 ? "" : apiVersion.substring(0, slash);
                String kind = ref.path("kind").asString("");
                String groupKind = group.isEmpty() ? kind : kind + "." + group;
                String name = ref.path("name").asString("");
                return groupKind.isEmpty() ? name : groupKind.toLowerCase(Locale.ROOT) + "/" + name;
            }
        }
        return "<none>";
    }

    private static List<Object> hpa(ObjectNode o, Instant now) {
        JsonNode spec = o.path("spec");
        JsonNode min = spec.path("minReplicas");
        return List.of(Cells.name(o),
                spec.path("scaleTargetRef").path("kind").asString("") + "/"
                        + spec.path("scaleTargetRef").path("name").asString(""),
                metrics(spec.path("metrics"), o.path("status").path("currentMetrics")),
                min.canConvertToInt() ? Integer.toString(min.asInt()) : "<unset>",
                spec.path("maxReplicas").asInt(0), o.path("status").path("currentReplicas").asInt(0),
                Cells.age(o, now));
    }

    /** The TARGETS cell: "current/target" per metric, the first two shown. */
    private static String metrics(JsonNode specs, JsonNode statuses) {
        if (specs.isEmpty()) {
            return "<none>";
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            JsonNode spec = specs.get(i);
            JsonNode status = statuses.path(i);
            String type = spec.path("type").asString("");
            out.add(switch (type) {
                case "External", "Object", "Pods" -> {
                    String field = type.equals("Pods") ? "pods" : type.toLowerCase(Locale.ROOT);
                    JsonNode target = spec.path(field).path("target");
                    JsonNode current = status.path(field);
                    boolean average = type.equals("Pods") || target.has("averageValue");
                    String which = average ? "averageValue" : "value";
                    String cur = current.isObject() && (!average || type.equals("Pods")
                            || current.path("current").has("averageValue"))
                            ? quantity(current.path("current").path(which)) : "<unknown>";
                    yield cur + "/" + quantity(target.path(which)) + (average && !type.equals("Pods") ? " (avg)" : "");
                }
                case "Resource", "ContainerResource" -> {
                    String field = type.equals("Resource") ? "resource" : "containerResource";
                    JsonNode source = spec.path(field);
                    JsonNode target = source.path("target");
                    JsonNode current = status.path(field);
                    String cur;
                    String tgt;
                    if (target.has("averageValue")) {
                        cur = current.isObject() ? quantity(current.path("current").path("averageValue")) : "<unknown>";
                        tgt = quantity(target.path("averageValue"));
                    } else {
                        JsonNode util = current.path("current").path("averageUtilization");
                        cur = current.isObject() && util.canConvertToInt() ? util.asInt() + "%" : "<unknown>";
                        tgt = target.path("averageUtilization").canConvertToInt()
                                ? target.path("averageUtilization").asInt() + "%" : "<auto>";
                    }
                    yield source.path("name").asString("") + ": " + cur + "/" + tgt;
                }
                default -> "<unknown type>";
            });
        }
        if (out.size() > 2) {
            return String.join(", ", out.subList(0, 2)) + " + " + (out.size() - 2) + " more...";
        }
        return String.join(", ", out);
    }

    /** A resource quantity as written, "<nil>" when absent. */
    private static String quantity(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? "<nil>" : n.asString("");
    }

    private static List<Object> job(ObjectNode o, Instant now) {
        JsonNode st = o.path("status");
        String status = "Running";
        for (JsonNode c : st.path("conditions")) {
            if ("True".equals(c.path("status").asString(""))) {
                switch (c.path("type").asString("")) {
                    case "Complete" -> status = "Complete";
                    case "Failed" -> status = "Failed";
                    case "Suspended" -> status = "Suspended";
                    case "FailureTarget" -> status = "FailureTarget";
                    case "SuccessCriteriaMet" -> status = "SuccessCriteriaMet";
                    default -> { }
                }
            }
        }
        if (o.path("metadata").has("deletionTimestamp")) {
            status = "Terminating";
        }
        JsonNode completions = o.path("spec").path("completions");
        String comp = st.path("succeeded").asInt(0) + "/"
                + (completions.canConvertToInt() ? completions.asInt() : o.path("spec").path("parallelism").asInt(1));
        String duration = "";
        String start = st.path("startTime").asString("");
        if (!start.isEmpty()) {
            String end = st.path("completionTime").asString("");
            try {
                Instant s = Instant.parse(start);
                duration = HumanDuration.format(Duration.between(s, end.isEmpty() ? now : Instant.parse(end)));
            } catch (DateTimeParseException e) {
                duration = "<unknown>";
            }
        }
        JsonNode tpl = o.path("spec").path("template").path("spec");
        return List.of(Cells.name(o), status, comp, duration, Cells.age(o, now), Cells.containers(tpl, "name"),
                Cells.containers(tpl, "image"), Cells.labelSelector(o.path("spec").path("selector")));
    }

    private static List<Object> binding(ObjectNode o, Instant now) {
        List<String> users = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        List<String> sas = new ArrayList<>();
        for (JsonNode s : o.path("subjects")) {
            String name = s.path("name").asString("");
            switch (s.path("kind").asString("")) {
                case "User" -> users.add(name);
                case "Group" -> groups.add(name);
                case "ServiceAccount" -> sas.add(s.path("namespace").asString("") + "/" + name);
                default -> { }
            }
        }
        JsonNode ref = o.path("roleRef");
        return List.of(Cells.name(o), ref.path("kind").asString("") + "/" + ref.path("name").asString(""),
                Cells.age(o, now), String.join(", ", users), String.join(", ", groups), String.join(", ", sas));
    }
}
