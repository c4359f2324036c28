package io.k3j.apiserver;

import io.k3j.apiserver.http.ApiRequest;
import io.k3j.apiserver.http.ApiResponse;
import io.k3j.apiserver.http.Handler;
import java.util.List;

/**
 * Answers a health endpoint as upstream does: "ok" (200) when every check passes, otherwise
 * 500 listing the failures; {@code ?verbose} lists every check. Individual checks are exposed
 * as {@code <endpoint>/<name>} by the caller.
 */
public final class HealthHandler implements Handler {

    private final String endpoint;
    private final List<HealthCheck> checks;

    public HealthHandler(String endpoint, List<HealthCheck> checks) {
        this.endpoint = endpoint;
        this.checks = checks;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        StringBuilder out = new StringBuilder();
        boolean ok = true;
        for (HealthCheck c : checks) {
            try {
                c.check();
                out.append("[+]").append(c.name()).append(" ok\n");
            } catch (Exception e) {
                ok = false;
                out.append("[-]").append(c.name()).append(" failed: reason withheld\n");
            }
        }
        boolean verbose = request.hasQueryParam("verbose");
        if (ok) {
            return ApiResponse.text(200, verbose ? out + endpoint + " check passed\n" : "ok");
        }
        return ApiResponse.text(500, out + endpoint + " check failed\n");
    }
}
