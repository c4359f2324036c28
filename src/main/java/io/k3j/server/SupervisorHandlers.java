package io.k3j.server;

import io.k3j.apiserver.http.ApiResponse;
import io.k3j.apiserver.http.Router;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The K3s supervisor endpoints on the API port: /ping and /cacerts answer without authentication;
 * the node endpoints under /v1-k3s/ check the join token themselves ({@link KubeletCertificates}).
 */
public final class SupervisorHandlers {

    private SupervisorHandlers() {
    }

    public static void register(Router router, String caBundlePem) {
        byte[] ca = caBundlePem.getBytes(StandardCharsets.UTF_8);
        router.open("/ping", r -> ApiResponse.text(200, "pong"));
        router.open("/cacerts", r -> new ApiResponse(200, "text/plain; charset=utf-8", ca, Map.of()));
    }

    /** The kubelet certificate endpoints joining agents ask for. */
    public static void registerNodeEndpoints(Router router, KubeletCertificates kubelet) {
        router.open("/v1-k3s/client-kubelet.crt", kubelet.client());
        router.open("/v1-k3s/serving-kubelet.crt", kubelet.serving());
    }
}
