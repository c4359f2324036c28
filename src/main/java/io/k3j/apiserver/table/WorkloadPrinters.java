package io.k3j.apiserver.table;

import io.k3j.apiserver.table.Printers.Printer;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Upstream's table columns for events, the remaining workload kinds and RBAC bindings. */
final class WorkloadPrinters {

    private WorkloadPrinters() {
    }

    static Map<String, TableConvertor> all() {
        Printer bindings = new Printer(List.of(Column.ofName(),
                Column.ofString("Role", "Role"), Column.ofAge(),
                Column.ofWide("Users", "Users in the roleBinding"),
                Column.ofWide("Groups", "Groups in the roleBinding"),
                Column.ofWide("ServiceAccounts", "ServiceAccounts in the roleBinding")),
                WorkloadPrinters::binding);
        return Map.of(
                "events", new Printer(List.of(
                        Column.ofString("Last Seen", "Time when last event occurred"),
                        Column.ofString("Type", "Type of this event (Normal, Warning), new types could be added in the future."),
                        Column.ofString("Reason", "The reason this event is generated."),
                        Column.ofString("Object", "The object that this event is about."),
                        Column.ofWide("Subobject", "The subobject that this event is about."),
                        Column.ofWide("Source", "The component reporting this event."),
                        Column.ofString("Message", "A human-readable description of the status of this operation."),
                        Column.ofWide("First Seen", "Time when first event occurred"),
                        Column.ofWide("Count", "The number of times this event has occurred."),
                        Column.ofWide("Name", "Name must be unique within a namespace.")),
                        WorkloadPrinters::event),
                "statefulsets.apps", new Printer(List.of(Column.ofName(),
                        Column.ofString("Ready", "Number of the pod with ready state"), Column.ofAge(),
                        Column.ofWide("Containers", "Names of each container in the template."),
                        Column.ofWide("Images", "Images referenced by each container in the template.")),
                        (o, now) -> List.of(Cells.name(o), o.path("status").path("readyReplicas").asInt(0) + "/"
                                + o.path("spec").path("replicas").asInt(1), Cells.age(o, now),
                                Cells.containers(o.path("spec").path("template").path("spec"), "name"),
                                Cells.containers(o.path("spec").path("template").path("spec"), "image"))),
                "daemonsets.apps", new Printer(List.of(Column.ofName(),
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
                                    Cells.selector(o.path("spec").path("selector").path("matchLabels")));
                        }),
                "jobs.batch", new Printer(List.of(Column.ofName(),
                        Column.ofString("Status", "Status of the job."),
                        Column.ofString("Completions", "The desired number of successfully finished pods the job"
                                + " should be run with."),
                        Column.ofString("Duration", "Time required to complete the job."), Column.ofAge(),
                        Column.ofWide("Containers", "Names of each container in the template."),
                        Column.ofWide("Images", "Images referenced by each container in the template."),
                        Column.ofWide("Selector", "A label query over pods that should match the pod count.")),
                        WorkloadPrinters::job),
                "cronjobs.batch", new Printer(List.of(Column.ofName(),
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
                                    last.isEmpty() ? "<none>" : since(last, now), Cells.age(o, now),
                                    Cells.containers(jt.path("template").path("spec"), "name"),
                                    Cells.containers(jt.path("template").path("spec"), "image"),
                                    Cells.selector(jt.path("selector").path("matchLabels")));
                        }),
                "rolebindings.rbac.authorization.k8s.io", bindings,
                "clusterrolebindings.rbac.authorization.k8s.io", bindings);
    }

    private static String since(String timestamp, Instant now) {
        try {
            return HumanDuration.format(Duration.between(Instant.parse(timestamp), now));
        } catch (DateTimeParseException e) {
            return "<unknown>";
        }
    }

    private static List<Object> event(ObjectNode o, Instant now) {
        String last = o.path("lastTimestamp").asString("");
        if (last.isEmpty()) {
            last = o.path("eventTime").asString("");
        }
        String first = o.path("firstTimestamp").asString("");
        JsonNode io = o.path("involvedObject");
        String source = o.path("source").path("component").asString("");
        if (source.isEmpty()) {
            source = o.path("reportingComponent").asString("");
        }
        String host = o.path("source").path("host").asString("");
        List<Object> cells = new ArrayList<>();
        cells.add(last.isEmpty() ? "<unknown>" : since(last, now));
        cells.add(o.path("type").asString(""));
        cells.add(o.path("reason").asString(""));
        cells.add(io.path("kind").asString("").toLowerCase(java.util.Locale.ROOT) + "/" + io.path("name").asString(""));
        cells.add(io.path("fieldPath").asString(""));
        cells.add(host.isEmpty() ? source : source + ", " + host);
        cells.add(o.path("message").asString("").strip());
        cells.add(first.isEmpty() ? "<unknown>" : since(first, now));
        cells.add(Math.max(o.path("count").asInt(1), 1));
        cells.add(Cells.name(o));
        return cells;
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
                Cells.containers(tpl, "image"), Cells.selector(o.path("spec").path("selector").path("matchLabels")));
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
