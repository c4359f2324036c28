package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * kubectl ≥ 1.32 sends protobuf bodies for its typed commands: each object it creates that way
 * must equal the one created from the same command's JSON rendering.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtobufIT {

    private K3sProcess k3s;
    private Kubectl k;
    private HttpClient client;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        k3s = new K3sProcess(dir).start("--disable-agent");
        k = new Kubectl(Kubectl.binary("1.33"), k3s.kubeconfig);
        Path tls = k3s.dataDir.resolve("server/tls");
        client = Tls.mutualClient(Files.readString(tls.resolve("server-ca.crt")),
                Files.readString(tls.resolve("client-admin.crt")), Files.readString(tls.resolve("client-admin.key")));
        k.ok("create", "namespace", "pb");
    }

    @AfterAll
    void stop() throws Exception {
        k3s.close();
    }

    /** Creates "alpha" through protobuf and "bravo" from kubectl's JSON rendering; returns both, normalized. */
    private List<ObjectNode> both(String resource, String... command) throws Exception {
        String[] a = withName(command, "alpha");
        String[] b = withName(command, "bravo");
        k.ok(concat(a, "-n", "pb"));
        String json = k.ok(concat(b, "-n", "pb", "--dry-run=client", "-o", "json"));
        k.runWithInput(json, "create", "-n", "pb", "-f", "-", "--validate=false");
        return List.of(normalized(k.ok("get", "-n", "pb", resource, "alpha", "-o", "json")),
                normalized(k.ok("get", "-n", "pb", resource, "bravo", "-o", "json")));
    }

    private static String[] withName(String[] command, String name) {
        String[] out = command.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i].replace("NAME", name);
        }
        return out;
    }

    /** The command with flags added before any "--" (after which come the container's arguments). */
    private static String[] concat(String[] a, String... b) {
        java.util.List<String> out = new java.util.ArrayList<>(List.of(a));
        int dashes = out.indexOf("--");
        out.addAll(dashes < 0 ? out.size() : dashes, List.of(b));
        return out.toArray(String[]::new);
    }

    private static ObjectNode normalized(String json) {
        ObjectNode o = Json.parseObject(json.getBytes(StandardCharsets.UTF_8));
        ObjectNode meta = (ObjectNode) o.get("metadata");
        meta.remove(List.of("name", "uid", "resourceVersion", "creationTimestamp", "managedFields"));
        return o;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "configmap|create configmap NAME --from-literal=a=1 --from-literal=empty=",
        "secret|create secret generic NAME --from-literal=password=hunter2 --type=Opaque",
        "deployment|create deployment NAME --image=nginx:1.27 --replicas=0 --port=80",
        "job|create job NAME --image=busybox -- sh -c exit",
        "cronjob|create cronjob NAME --image=busybox --schedule=*/5_*_*_*_* -- date",
        "serviceaccount|create serviceaccount NAME",
        "role|create role NAME --verb=get,list --resource=pods,configmaps --resource-name=x",
        "rolebinding|create rolebinding NAME --role=NAME --user=alice --group=devs",
        "poddisruptionbudget|create poddisruptionbudget NAME --selector=app=web --min-available=50%",
        "resourcequota|create quota NAME --hard=pods=3,requests.cpu=1"})
    void typedCreatesMatchTheirJsonForm(String spec) throws Exception {
        String[] parts = spec.split("\\|");
        String[] command = parts[1].split(" ");
        for (int i = 0; i < command.length; i++) {
            command[i] = command[i].replace('_', ' ');
        }
        List<ObjectNode> objects = both(parts[0], command);
        ObjectNode viaProtobuf = objects.get(0);
        ObjectNode viaJson = objects.get(1);
        if (parts[0].equals("job")) {
            // the generated selector and labels carry each Job's own uid; the job controller
            // writes each Job's status (its start time) on its own
            for (ObjectNode o : objects) {
                o.remove("spec");
                o.remove("status");
                ((ObjectNode) o.get("metadata")).remove("labels");
            }
        }
        if (parts[0].equals("poddisruptionbudget")) {
            // the disruption controller writes each budget's status on its own
            for (ObjectNode o : objects) {
                o.remove("status");
            }
        }
        if (parts[0].equals("deployment")) {
            // written by the deployment controller meanwhile (its replica set's name carries a template hash)
            for (ObjectNode o : objects) {
                o.remove("status");
                if (o.path("metadata").get("annotations") instanceof ObjectNode a) {
                    a.remove("deployment.kubernetes.io/revision");
                    if (a.isEmpty()) {
                        ((ObjectNode) o.get("metadata")).remove("annotations");
                    }
                }
            }
        }
        assertThat(viaProtobuf.toString().replace("alpha", "NAME")).isEqualTo(viaJson.toString().replace("bravo", "NAME"));
    }

    @Test
    void valuesSurviveTheProtobufPath() throws Exception {
        k.ok("create", "-n", "pb", "deployment", "zero", "--image=nginx:1.27", "--replicas=0", "--port=8080");
        assertThat(k.ok("get", "-n", "pb", "deploy", "zero", "-o",
                "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].ports[0].containerPort}"))
                .isEqualTo("0 8080");
        k.ok("create", "-n", "pb", "configmap", "vals", "--from-literal=a=1", "--from-literal=empty=");
        assertThat(k.ok("get", "-n", "pb", "cm", "vals", "-o", "jsonpath={.data}")).isEqualTo("{\"a\":\"1\",\"empty\":\"\"}");
        k.ok("create", "-n", "pb", "secret", "generic", "pw", "--from-literal=p=hunter2");
        assertThat(k.ok("get", "-n", "pb", "secret", "pw", "-o", "jsonpath={.data.p}")).isEqualTo("aHVudGVyMg==");
    }

    @Test
    void authCommandsWork() throws Exception {
        assertThat(k.ok("auth", "can-i", "create", "pods").strip()).isEqualTo("yes");
        assertThat(k.ok("auth", "whoami")).contains("system:admin").contains("system:masters");
    }

    @Test
    void malformedProtobufIsABadRequest() throws Exception {
        for (byte[] body : List.of(new byte[]{'k', '8', 's', 0, 0x0a, 0x7f, 1}, new byte[]{1, 2, 3},
                new byte[]{'k', '8', 's', 0, 0x12, 0x03, (byte) 0xfa, 0x01, 0x02})) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(k3s.url("/api/v1/namespaces/pb/configmaps"))).header("Content-Type", "application/vnd.kubernetes.protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(r.body()).contains("\"reason\":\"BadRequest\"");
        }
    }
}
