package io.k3j.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.apiserver.authn.UserInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Exact and prefix routes, open and authenticated. */
class RouterTest {

    private static ApiRequest get(String path, boolean user) {
        return new ApiRequest("GET", path, Map.of(), Map.of(), new byte[0],
                user ? Optional.of(new UserInfo("u", List.of())) : Optional.empty());
    }

    @Test
    void prefixRoutesNeedAUserAndFallBackOtherwise() throws Exception {
        Router r = new Router().open("/ping", q -> ApiResponse.text(200, "pong"))
                .authenticatedPrefix("/openapi/v3/", q -> ApiResponse.text(200, "tree " + q.path()))
                .fallback(q -> ApiResponse.text(200, "fallback"));
        assertThat(new String(r.handle(get("/openapi/v3/apis/apps/v1", true)).body())).isEqualTo(
                "tree /openapi/v3/apis/apps/v1");
        assertThat(r.handle(get("/openapi/v3/api/v1", false)).status()).isEqualTo(401);
        assertThat(new String(r.handle(get("/openapi/v3", true)).body())).isEqualTo("fallback");
        assertThat(r.handle(get("/ping", false)).status()).isEqualTo(200);
        assertThat(r.handle(get("/api", false)).status()).isEqualTo(401);
    }
}
