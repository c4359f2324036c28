package io.k3j.bench;

import io.k3j.api.Json;
import io.k3j.pki.ClientTls;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * A pod watch for the scale benchmark that costs its own JVM little: one HTTP/1.1 stream read
 * with a streaming parser that keeps only each pod's uid, {@code spec.nodeName} and
 * {@code status.phase} and skips the rest of the object, so the measuring client does not take
 * the CPU the server under test needs on a small machine. The server serves it exactly as any
 * other watch.
 */
final class PodWatchStream implements AutoCloseable {

    /** What one watch event said about a pod. */
    interface Listener {
        void pod(String type, String uid, String nodeName, String phase);
    }

    private final InputStream body;
    private final Thread reader;

    private PodWatchStream(InputStream body, Listener listener) {
        this.body = body;
        this.reader = Thread.ofPlatform().name("pod-watch").daemon().start(() -> read(listener));
    }

    /** Watches the pods of {@code namespace} from {@code resourceVersion} with the admin client certificate. */
    static PodWatchStream open(Path tls, String port, String namespace, String resourceVersion, Listener listener)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(ClientTls.context(Files.readString(tls.resolve("server-ca.crt")),
                        Files.readString(tls.resolve("client-admin.crt")),
                        Files.readString(tls.resolve("client-admin.key"))))
                .build();
        URI uri = URI.create("https://127.0.0.1:" + port + "/api/v1/namespaces/" + namespace
                + "/pods?watch=true&resourceVersion=" + resourceVersion);
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw new IOException("watch " + uri + ": HTTP " + r.statusCode() + ": "
                    + new String(r.body().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return new PodWatchStream(r.body(), listener);
    }

    private void read(Listener listener) {
        try (JsonParser p = Json.MAPPER.createParser(body)) {
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String type = null;
                String[] pod = new String[3];
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    if (field.equals("type")) {
                        type = p.getString();
                    } else if (field.equals("object")) {
                        object(p, pod);
                    } else {
                        p.skipChildren();
                    }
                }
                listener.pod(type, pod[0], pod[1], pod[2]);
            }
        } catch (RuntimeException e) {
            if (!Thread.currentThread().isInterrupted()) {
                System.err.println("pod watch ended: " + e);
            }
        }
    }

    /** Reads the object at the parser (its START_OBJECT): uid, nodeName, phase into {@code pod}. */
    private static void object(JsonParser p, String[] pod) {
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String section = p.currentName();
            p.nextToken();
            String wanted = switch (section) {
                case "metadata" -> "uid";
                case "spec" -> "nodeName";
                case "status" -> "phase";
                default -> null;
            };
            if (wanted == null || p.currentToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            int slot = section.equals("metadata") ? 0 : section.equals("spec") ? 1 : 2;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals(wanted)) {
                    pod[slot] = p.getString();
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    @Override
    public void close() {
        reader.interrupt();
        try {
            body.close();
        } catch (IOException e) {
            // the stream is being abandoned
        }
    }
}
