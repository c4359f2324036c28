package io.k3j.apiserver.endpoints;

import io.k3j.api.ApiException;
import io.k3j.api.FieldSelector;
import io.k3j.api.LabelSelector;
import io.k3j.api.Meta;
import io.k3j.api.SelectorException;
import io.k3j.api.Status;
import io.k3j.apiserver.http.ApiRequest;
import io.k3j.apiserver.registry.ListOptions;
import io.k3j.apiserver.registry.ResourceType;
import io.k3j.apiserver.watch.WatchFilter;

/** Parses list/watch/write query parameters into the store's options; bad values are 400s. */
final class QueryParams {

    private QueryParams() {
    }

    static ListOptions listOptions(ApiRequest req, ResourceType type) {
        LabelSelector labels;
        FieldSelector fields;
        try {
            labels = LabelSelector.parse(req.queryParam("labelSelector"));
            fields = FieldSelector.parse(req.queryParam("fieldSelector"));
        } catch (SelectorException e) {
            throw new ApiException(Status.badRequest(e.getMessage()));
        }
        for (FieldSelector.Requirement r : fields.requirements()) {
            if (!SelectableFields.supported(type, r.field())) {
                throw new ApiException(Status.badRequest("field label not supported: " + r.field()));
            }
        }
        WatchFilter filter;
        boolean selective = !labels.isEmpty() || !fields.requirements().isEmpty();
        if (!selective) {
            filter = WatchFilter.ALL;
        } else {
            filter = o -> labels.matches(Meta.labelsView(o))
                    && fields.matches(f -> SelectableFields.value(o, f));
        }
        String rvMatch = req.queryParam("resourceVersionMatch");
        if (rvMatch != null && !rvMatch.isEmpty() && !rvMatch.equals("NotOlderThan") && !rvMatch.equals("Exact")) {
            throw new ApiException(Status.badRequest("resourceVersionMatch: Unsupported value: \"" + rvMatch
                    + "\": supported values: \"Exact\", \"NotOlderThan\""));
        }
        String rv = req.queryParam("resourceVersion");
        if (rvMatch != null && !rvMatch.isEmpty() && (rv == null || rv.isEmpty())) {
            throw new ApiException(Status.badRequest("resourceVersionMatch is forbidden unless resourceVersion is"
                    + " provided"));
        }
        int limit = (int) Math.min(Integer.MAX_VALUE, longParam(req, "limit", 0));
        String cont = req.queryParam("continue");
        if (cont != null && !cont.isEmpty() && rv != null && !rv.isEmpty() && !rv.equals("0")) {
            throw new ApiException(Status.badRequest("specifying resource version is not allowed when using"
                    + " continue"));
        }
        return new ListOptions(filter, selective, Math.max(limit, 0), cont, rv, rvMatch);
    }

    static long longParam(ApiRequest req, String name, long fallback) {
        String v = req.queryParam(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ApiException(Status.badRequest("invalid value for " + name + ": \"" + v + "\""));
        }
    }

    static boolean boolParam(ApiRequest req, String name) {
        String v = req.queryParam(name);
        if (v == null) {
            return false;
        }
        return v.isEmpty() || v.equalsIgnoreCase("true") || v.equals("1");
    }

    static boolean dryRun(ApiRequest req) {
        String v = req.queryParam("dryRun");
        if (v == null || v.isEmpty()) {
            return false;
        }
        if (!v.equals("All")) {
            throw new ApiException(Status.badRequest("dryRun: Unsupported value: \"" + v
                    + "\": supported values: \"All\""));
        }
        return true;
    }
}
