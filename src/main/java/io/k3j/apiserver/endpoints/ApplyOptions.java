package io.k3j.apiserver.endpoints;

import io.k3j.api.ApiException;
import io.k3j.api.Status;
import io.k3j.apiserver.http.ApiRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The PatchOptions rules that concern server-side apply, as upstream validates them: an apply
 * needs a {@code fieldManager} parameter (the User-Agent does not count), and {@code force} is
 * only for applies, however it is set. Both are 422 on {@code PatchOptions}. Stateless.
 */
final class ApplyOptions {

    private ApplyOptions() {
    }

    /** The causes of a 422 for a patch request ({@code apply}: whether it is an apply). */
    static List<Status.Cause> validate(ApiRequest req, boolean apply) {
        List<Status.Cause> causes = new ArrayList<>();
        if (!apply) {
            if (req.hasQueryParam("force")) {
                causes.add(new Status.Cause("FieldValueForbidden",
                        "Forbidden: may not be specified for non-apply patch", "force"));
            }
        } else {
            String manager = req.queryParam("fieldManager");
            if (manager == null || manager.isEmpty()) {
                causes.add(new Status.Cause("FieldValueRequired", "Required value: is required for apply patch",
                        "fieldManager"));
            }
        }
        return causes;
    }

    /** The {@code force} parameter (Go's boolean forms; anything else is 400). */
    static boolean force(ApiRequest req) {
        String v = req.queryParam("force");
        if (v == null) {
            return false;
        }
        return switch (v) {
            case "", "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new ApiException(Status.badRequest("force: Invalid value: \"" + v
                    + "\": strconv.ParseBool: parsing \"" + v + "\": invalid syntax"));
        };
    }
}
