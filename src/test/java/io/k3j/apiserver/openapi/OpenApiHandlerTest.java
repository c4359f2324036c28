package io.k3j.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.apiserver.authn.UserInfo;
import io.k3j.apiserver.http.ApiRequest;
import io.k3j.apiserver.http.ApiResponse;
import io.k3j.apiserver.registry.ResourceType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Serving: the index, hashes, caching headers, redirects, 304, negotiation and access. */
class OpenApiHandlerTest {

    private static final Optional<UserInfo> USER = Optional.of(new UserInfo("alice", List.of("system:authenticated")));
    private final List<ResourceType> resources = new ArrayList<>(List.of(PathsTest.WIDGETS, PathsTest.GADGETS));
    private boolean allowed = true;
    private final OpenApiHandler handler = new OpenApiHandler(() -> DefinitionsTest.SCHEMA, () -> resources,
            List.of(PathsTest.REVIEWS), "v1.33.0+k3j", a -> allowed,
            Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC));

    private ApiResponse get(String path, Map<String, String> headers) {
        return get(path, headers, Map.of(), USER);
    }

    private ApiResponse get(String path, Map<String, String> headers, Map<String, List<String>> query,
                            Optional<UserInfo> user) {
        return handler.handle(new ApiRequest("GET", path, query, headers, new byte[0], user));
    }

    private JsonNode index() {
        ApiResponse r = get("/openapi/v3", Map.of());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/json");
        return Json.parse(r.body());
    }

    private static String hashOf(String url) {
        return url.substring(url.indexOf("?hash=") + "?hash=".length());
    }

    @Test
    void theIndexNamesEveryGroupVersionWithItsHash() {
        JsonNode paths = index().path("paths");
        assertThat(paths.propertyNames()).containsExactly("api/v1", "apis/widgets.k8s.io/v1");
        String url = paths.path("api/v1").path("serverRelativeURL").asString();
        assertThat(url).startsWith("/openapi/v3/api/v1?hash=");
        ApiResponse doc = get("/openapi/v3/api/v1", Map.of());
        assertThat(hashOf(url)).isEqualTo(OpenApiHandler.etag(doc.body())).hasSize(128).matches("[0-9A-F]+");
        assertThat(doc.headers()).containsEntry("ETag", "\"" + hashOf(url) + "\"")
                .containsEntry("Last-Modified", "Thu, 02 Jan 2025 03:04:05 GMT");
        JsonNode d = Json.parse(doc.body());
        assertThat(d.path("openapi").asString()).isEqualTo("3.0.0");
        assertThat(d.path("paths").has("/api/v1/gadgets/{name}")).isTrue();
        assertThat(d.path("paths").has("/apis/widgets.k8s.io/v1/widgets")).isFalse();
    }

    @Test
    void theCurrentHashIsCachedForeverAStaleOneRedirected() {
        String hash = hashOf(index().path("paths").path("apis/widgets.k8s.io/v1").path("serverRelativeURL").asString());
        ApiResponse fresh = get("/openapi/v3/apis/widgets.k8s.io/v1", Map.of(), Map.of("hash", List.of(hash)), USER);
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.headers()).containsEntry("Cache-Control", "public, immutable")
                .containsEntry("Expires", "Fri, 02 Jan 2026 03:04:05 GMT").containsEntry("Vary", "Accept");
        ApiResponse stale = get("/openapi/v3/apis/widgets.k8s.io/v1", Map.of(), Map.of("hash", List.of("ABC")), USER);
        assertThat(stale.status()).isEqualTo(301);
        assertThat(stale.headers()).containsEntry("Location", "/openapi/v3/apis/widgets.k8s.io/v1?hash=" + hash)
                .doesNotContainKey("Cache-Control");
        assertThat(get("/openapi/v3/apis/widgets.k8s.io/v1", Map.of()).headers()).doesNotContainKey("Cache-Control");
    }

    @Test
    void aMatchingETagGets304() {
        ApiResponse first = get("/openapi/v3/api/v1", Map.of());
        String etag = first.headers().get("ETag");
        ApiResponse again = get("/openapi/v3/api/v1", Map.of("if-none-match", etag));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(get("/openapi/v3/api/v1", Map.of("if-none-match", "\"other\"")).status()).isEqualTo(200);
        ApiResponse v2 = get("/openapi/v2", Map.of());
        assertThat(get("/openapi/v2", Map.of("if-none-match", v2.headers().get("ETag"))).status()).isEqualTo(304);
        ApiResponse root = get("/openapi/v3", Map.of());
        assertThat(get("/openapi/v3", Map.of("if-none-match", root.headers().get("ETag"))).status()).isEqualTo(304);
    }

    @Test
    void swaggerTwoIsJsonOrProtobufByAccept() {
        ApiResponse json = get("/openapi/v2", Map.of("accept", "application/json"));
        assertThat(json.contentType()).isEqualTo("application/json");
        JsonNode doc = Json.parse(json.body());
        assertThat(doc.path("swagger").asString()).isEqualTo("2.0");
        assertThat(doc.path("definitions").has("io.k8s.api.widgets.v1.Widget")).isTrue();
        assertThat(doc.path("paths").has("/api/v1/gadgets")).isTrue();
        for (String accept : List.of("application/com.github.proto-openapi.spec.v2@v1.0+protobuf",
                "application/com.github.proto-openapi.spec.v2.v1.0+protobuf",
                "application/json;q=0.5, application/com.github.proto-openapi.spec.v2@v1.0+protobuf")) {
            ApiResponse pb = get("/openapi/v2", Map.of("accept", accept));
            assertThat(pb.status()).isEqualTo(200);
            assertThat(pb.contentType()).isEqualTo("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
            assertThat(pb.body()[0]).isEqualTo((byte) 0x0a); // field 1 (swagger), length-delimited
        }
        assertThat(get("/openapi/v2", Map.of("accept", "text/html")).status()).isEqualTo(406);
        assertThat(get("/openapi/v2", Map.of("accept", "*/*")).contentType()).isEqualTo("application/json");
    }

    @Test
    void openApiThreeIsJsonOnly() {
        assertThat(get("/openapi/v3/api/v1", Map.of("accept", "application/com.github.proto-openapi.spec.v3@v1.0"
                + "+protobuf")).status()).isEqualTo(406);
        assertThat(get("/openapi/v3/api/v1", Map.of("accept", "application/com.github.proto-openapi.spec.v3@v1.0"
                + "+protobuf, application/json")).status()).isEqualTo(200);
        assertThat(get("/openapi/v3/apis/nothing/v1", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void readersMustBeAuthenticatedAndAllowed() {
        assertThat(get("/openapi/v2", Map.of(), Map.of(), Optional.empty()).status()).isEqualTo(401);
        allowed = false;
        ApiResponse r = get("/openapi/v3", Map.of());
        assertThat(r.status()).isEqualTo(403);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("cannot get path \\\"/openapi/v3\\\"");
    }

    @Test
    void newResourcesOrInvalidateMakeTheDocumentsAgain() {
        String before = index().toString();
        assertThat(index().toString()).isEqualTo(before);
        resources.add(new ResourceType("things.k8s.io", "v2", "things", "Thing", "thing", true, List.of(), List.of(),
                java.util.Set.of(), io.k3j.apiserver.registry.Strategy.DEFAULT));
        assertThat(index().path("paths").has("apis/things.k8s.io/v2")).isTrue();
        String after = index().toString();
        handler.invalidate();
        assertThat(index().toString()).isEqualTo(after);
    }

    @Test
    void withoutASchemaKindsArePlainObjects() {
        OpenApiHandler broken = new OpenApiHandler(() -> {
            throw new IllegalStateException("no schema");
        }, () -> resources, List.of(), "v1", a -> true, Clock.systemUTC());
        ApiResponse r = broken.handle(new ApiRequest("GET", "/openapi/v3/api/v1", Map.of(), Map.of(), new byte[0],
                USER));
        assertThat(r.status()).isEqualTo(200);
        JsonNode gadget = Json.parse(r.body()).path("components").path("schemas").path("io.k8s.api.core.v1.Gadget");
        assertThat(gadget.path("type").asString()).isEqualTo("object");
        assertThat(gadget.path("x-kubernetes-group-version-kind").get(0).path("kind").asString()).isEqualTo("Gadget");
    }

    @Test
    void acceptRangesAreOrderedByQuality() {
        assertThat(OpenApiHandler.accepted("a/b;q=0.5, c/d, e/f;q=0")).containsExactly("c/d", "a/b");
        assertThat(OpenApiHandler.accepted(null)).containsExactly("*/*");
        Map<String, String> none = new HashMap<>();
        assertThat(get("/openapi/v3/api/v1", none).status()).isEqualTo(200);
    }
}
