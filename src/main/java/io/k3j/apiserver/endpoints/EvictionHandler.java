package io.k3j.apiserver.endpoints;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.LabelSelector;
import io.k3j.api.Meta;
import io.k3j.api.SelectorException;
import io.k3j.api.Status;
import io.k3j.apiserver.http.ApiRequest;
import io.k3j.apiserver.http.ApiResponse;
import io.k3j.apiserver.registry.DeleteOptions;
import io.k3j.apiserver.registry.GenericStore;
import io.k3j.apiserver.registry.ListOptions;
import io.k3j.apiserver.registry.Registry;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The eviction subresource of pods ({@code POST …/pods/{name}/eviction}, a policy/v1 or
 * policy/v1beta1 Eviction): deletes the pod unless that would break the PodDisruptionBudget
 * covering it. A budget with no disruption left answers 429 TooManyRequests (clients retry); an
 * allowed eviction takes one disruption from the budget, recording the pod in its
 * status.disruptedPods with a resourceVersion check, before the pod is deleted with the
 * Eviction's deleteOptions. Pods that are not running, are being deleted or have no budget are
 * deleted at once; a pod with more than one budget is refused, as upstream does.
 */
final class EvictionHandler {

    /** Upstream's EvictionsRetry: how often a budget that changed meanwhile is read again. */
    private static final int PDB_CONFLICT_RETRIES = 20;

    static final String VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";
    static final String MULTIPLE = "This pod has more than one PodDisruptionBudget, which the eviction subresource"
            + " does not support.";
    private static final int MAX_DISRUPTED_PODS = 2000;
    private static final int CONFLICT_RETRIES = 5;

    private final Registry registry;
    private final Clock clock;

    EvictionHandler(Registry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    ApiResponse evict(ApiRequest req, RequestInfo info, GenericStore pods, String ns, String manager) {
        if (!info.verb().equals("create")) {
            throw new ApiException(Status.methodNotAllowed("the server does not allow this method on the requested"
                    + " resource"));
        }
        ObjectNode eviction = Bodies.object(req, "policy/v1", "Eviction");
        String kind = eviction.path("kind").asString("Eviction");
        String apiVersion = eviction.path("apiVersion").asString("policy/v1");
        if (!kind.equals("Eviction") || !List.of("policy/v1", "policy/v1beta1").contains(apiVersion)) {
            throw new ApiException(Status.badRequest("the body of the request must be a policy/v1 Eviction, not "
                    + apiVersion + " " + kind));
        }
        String bodyName = Meta.name(eviction);
        if (bodyName != null && !bodyName.isEmpty() && !bodyName.equals(info.name())) {
            throw new ApiException(Status.badRequest("name in URL does not match name in Eviction object"));
        }
        String bodyNs = Meta.namespace(eviction);
        if (bodyNs != null && !bodyNs.isEmpty() && !bodyNs.equals(ns)) {
            throw new ApiException(Status.badRequest("the namespace of the provided object does not match the"
                    + " namespace sent on the request"));
        }
        DeleteOptions options = deleteOptions(eviction.path("deleteOptions"), QueryParams.dryRun(req));
        for (int attempt = 0; ; attempt++) {
            try {
                return attempt(pods, ns, info.name(), options, manager);
            } catch (ApiException e) {
                if (e.status().code() != 409 || attempt >= CONFLICT_RETRIES) {
                    throw e;
                }
            }
        }
    }

    private ApiResponse attempt(GenericStore pods, String ns, String name, DeleteOptions options, String manager) {
        ObjectNode pod = pods.get(ns, name);
        if (canIgnoreBudget(pod)) {
            return delete(pods, ns, name, options, pod, false);
        }
        GenericStore pdbStore = registry.store("policy", "v1", "poddisruptionbudgets");
        List<ObjectNode> budgets = new ArrayList<>();
        for (ObjectNode pdb : pdbStore.list(ns, ListOptions.all()).items()) {
            if (selector(pdb).matches(Meta.labels(pod))) {
                budgets.add(pdb);
            }
        }
        if (budgets.isEmpty()) {
            return delete(pods, ns, name, options, pod, false);
        }
        if (budgets.size() > 1) {
            throw new ApiException(new Status(500, "", MULTIPLE));
        }
        ObjectNode pdb = budgets.get(0);
        JsonNode status = pdb.path("status");
        int desired = status.path("desiredHealthy").asInt(0);
        int current = status.path("currentHealthy").asInt(0);
        boolean ready = podReady(pod);
        if (!ready && (unhealthyAlwaysAllowed(pdb) || (current >= desired && desired > 0))) {
            return delete(pods, ns, name, options, pod, true);
        }
        // as upstream, a budget changed meanwhile (by the disruption controller) is read again
        for (int attempt = 0; ; attempt++) {
            try {
                checkAndDecrement(pdbStore, pdb, name, options.dryRun(), manager);
                break;
            } catch (ApiException e) {
                if (e.status().code() != 409 || attempt >= PDB_CONFLICT_RETRIES) {
                    throw e;
                }
                pdb = pdbStore.get(ns, Meta.name(pdb));
            }
        }
        return delete(pods, ns, name, options, pod, true);
    }

    /** Upstream's checkAndDecrement: refuses when no disruption is left, else records the eviction in the budget. */
    private void checkAndDecrement(GenericStore pdbStore, ObjectNode pdb, String podName, boolean dryRun,
                                   String manager) {
        String pdbName = Meta.name(pdb);
        JsonNode status = pdb.path("status");
        if (status.path("observedGeneration").asLong(0) < pdb.path("metadata").path("generation").asLong(0)) {
            throw tooManyRequests("The disruption budget " + pdbName + " is still being processed by the server.",
                    10);
        }
        int allowed = status.path("disruptionsAllowed").asInt(0);
        if (allowed < 0) {
            throw new ApiException(Status.forbidden("policy", "poddisruptionbudget", pdbName,
                    "pdb disruptions allowed is negative"));
        }
        if (status.path("disruptedPods").size() > MAX_DISRUPTED_PODS) {
            throw new ApiException(Status.forbidden("policy", "poddisruptionbudget", pdbName,
                    "DisruptedPods map too big - too many evictions not confirmed by PDB controller"));
        }
        if (allowed == 0) {
            throw tooManyRequests("The disruption budget " + pdbName + " needs " + status.path("desiredHealthy").asInt(0)
                    + " healthy pods and has " + status.path("currentHealthy").asInt(0) + " currently", null);
        }
        if (dryRun) {
            return;
        }
        ObjectNode copy = pdb.deepCopy();
        ObjectNode newStatus = copy.get("status") instanceof ObjectNode s ? s : copy.putObject("status");
        newStatus.put("disruptionsAllowed", allowed - 1);
        ObjectNode disrupted = newStatus.get("disruptedPods") instanceof ObjectNode d ? d
                : newStatus.putObject("disruptedPods");
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        disrupted.put(podName, now);
        if (allowed - 1 == 0) {
            for (JsonNode c : newStatus.path("conditions")) {
                if (c.path("type").asString("").equals("DisruptionAllowed") && c instanceof ObjectNode o
                        && !o.path("status").asString("").equals("False")) {
                    o.put("status", "False");
                    o.put("reason", "InsufficientPods");
                    o.put("lastTransitionTime", now);
                }
            }
        }
        pdbStore.update(Meta.namespace(pdb), pdbName, copy, "status", false, manager);
    }

    private static ApiException tooManyRequests(String cause, Integer retryAfter) {
        return new ApiException(new Status(429, "TooManyRequests", VIOLATION, new Status.Details(null, null, null,
                List.of(new Status.Cause("DisruptionBudget", cause, null)), retryAfter)));
    }

    private static ApiResponse delete(GenericStore pods, String ns, String name, DeleteOptions options, ObjectNode pod,
                                      boolean checked) {
        DeleteOptions opts = options;
        if (checked && opts.preconditionUid() == null && opts.preconditionResourceVersion() == null) {
            // the budget was judged on this version of the pod
            opts = new DeleteOptions(opts.gracePeriodSeconds(), opts.propagationPolicy(), Meta.uid(pod),
                    Meta.resourceVersion(pod), opts.dryRun());
        }
        pods.delete(ns, name, opts);
        ObjectNode ok = Json.object();
        ok.put("kind", "Status");
        ok.put("apiVersion", "v1");
        ok.putObject("metadata");
        ok.put("status", "Success");
        ok.put("code", 201);
        return ApiResponse.json(201, Json.bytes(ok));
    }

    /** Upstream's canIgnorePDB: pods that are done, pending or being deleted. */
    private static boolean canIgnoreBudget(ObjectNode pod) {
        String phase = pod.path("status").path("phase").asString("Pending");
        return phase.equals("Succeeded") || phase.equals("Failed") || phase.equals("Pending") || Meta.isDeleting(pod);
    }

    private static boolean podReady(ObjectNode pod) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asString("").equals("Ready")) {
                return c.path("status").asString("").equals("True");
            }
        }
        return false;
    }

    private static boolean unhealthyAlwaysAllowed(ObjectNode pdb) {
        return "AlwaysAllow".equals(pdb.path("spec").path("unhealthyPodEvictionPolicy").asString(""));
    }

    private static LabelSelector selector(ObjectNode pdb) {
        JsonNode s = pdb.path("spec").get("selector");
        if (s == null || s.isNull()) {
            return LabelSelector.nothing();
        }
        try {
            return LabelSelector.fromJson(s);
        } catch (SelectorException e) {
            return LabelSelector.nothing();
        }
    }

    private static DeleteOptions deleteOptions(JsonNode o, boolean dryRun) {
        if (!o.isObject()) {
            return new DeleteOptions(null, null, null, null, dryRun);
        }
        String policy = o.hasNonNull("propagationPolicy") ? o.get("propagationPolicy").asString("") : null;
        if (policy != null && !policy.isEmpty() && !List.of("Orphan", "Background", "Foreground").contains(policy)) {
            throw new ApiException(Status.badRequest("propagationPolicy: Unsupported value: \"" + policy
                    + "\": supported values: \"Foreground\", \"Background\", \"Orphan\""));
        }
        Long grace = o.hasNonNull("gracePeriodSeconds") ? Math.max(0, o.get("gracePeriodSeconds").asLong(0)) : null;
        JsonNode pre = o.path("preconditions");
        String uid = pre.hasNonNull("uid") ? pre.get("uid").asString("") : null;
        String rv = pre.hasNonNull("resourceVersion") ? pre.get("resourceVersion").asString("") : null;
        for (JsonNode d : o.path("dryRun")) {
            if (!"All".equals(d.asString(""))) {
                throw new ApiException(Status.badRequest("dryRun: Unsupported value: \"" + d.asString("") + "\""));
            }
            dryRun = true;
        }
        return new DeleteOptions(grace, policy, uid, rv, dryRun);
    }
}
