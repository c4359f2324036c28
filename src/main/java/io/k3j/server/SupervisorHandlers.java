package io.k3j.server;

import io.k3j.apiserver.http.ApiResponse;
import io.k3j.apiserver.http.Router;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The K3s supervisor endpoints that answer without authentication: /ping and /cacerts. */
public final class SupervisorHandlers {

    private SupervisorHandlers() {
    }

    public static void register(Router router, String caBundlePem) {
        byte[] ca = caBundlePem.getBytes(StandardCharsets.UTF_8);
        router.open("/ping", r -> ApiResponse.text(200, "pong"));
        router.open("/cacerts", r -> new ApiResponse(200, "text/plain; charset=utf-8", ca, Map.of()));
    }
}
