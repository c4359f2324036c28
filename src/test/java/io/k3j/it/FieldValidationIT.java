package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The fieldValidation directive over raw HTTP: unknown and duplicate fields warned about, refused or ignored. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FieldValidationIT {

    private static final String BODY = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"NAME\"},"
            + "\"dataa\":{\"x\":\"y\"},\"data\":{\"k\":\"first\",\"k\":\"last\"}}";

    private K3sProcess k3s;
    private HttpClient client;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        k3s = new K3sProcess(dir).start("--disable-agent");
        Path tls = k3s.dataDir.resolve("server/tls");
        client = Tls.mutualClient(Files.readString(tls.resolve("server-ca.crt")),
                Files.readString(tls.resolve("client-admin.crt")), Files.readString(tls.resolve("client-admin.key")));
    }

    @AfterAll
    void stop() throws Exception {
        k3s.close();
    }

    private HttpResponse<String> create(String name, String directive) throws Exception {
        String query = directive == null ? "" : "?fieldValidation=" + directive;
        return client.send(HttpRequest.newBuilder(URI.create(k3s.url("/api/v1/namespaces/default/configmaps" + query)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY.replace("NAME", name))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void warnIsTheDefaultAndKeepsTheLastDuplicate() throws Exception {
        HttpResponse<String> r = create("warned", null);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().allValues("warning")).singleElement().asString()
                .contains("299 - \"unknown field \\\"dataa\\\"\"").contains("duplicate field \\\"data.k\\\"");
        assertThat(Json.parse(r.body().getBytes()).path("data").path("k").asString()).isEqualTo("last");
        assertThat(Json.parse(r.body().getBytes()).has("dataa")).isFalse();
    }

    @Test
    void strictRefusesWithEveryProblem() throws Exception {
        HttpResponse<String> r = create("strict", "Strict");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.parse(r.body().getBytes()).path("message").asString()).isEqualTo("ConfigMap in version"
                + " \"v1\" cannot be handled as a ConfigMap: strict decoding error: unknown field \"dataa\","
                + " duplicate field \"data.k\"");
    }

    @Test
    void ignoreSaysNothingAndAnUnknownDirectiveIsABadRequest() throws Exception {
        HttpResponse<String> r = create("ignored", "Ignore");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().allValues("warning")).isEmpty();
        assertThat(create("bogus", "Loose").statusCode()).isEqualTo(400);
    }
}
