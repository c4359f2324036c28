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

    private final HttpClient http;
    private final String base;
    private final Listener listener;
    private final Thread reader;
    private volatile String resourceVersion;
    private volatile InputStream body;
    private volatile boolean closed;

    private PodWatchStream(HttpClient http, String base, String resourceVersion, Listener listener) {
        this.http = http;
        this.base = base;
        this.resourceVersion = resourceVersion;
        this.listener = listener;
        this.reader = Thread.ofPlatform().name("pod-watch").daemon().unstarted(this::run);
    }

    /**
     * Watches the pods of {@code namespace} from {@code resourceVersion} with the admin client
     * certificate. A watch the server ends (as it ends one that falls behind) is opened again
     * from the last resourceVersion seen, as an informer would.
     */
    static PodWatchStream open(Path tls, String port, String namespace, String resourceVersion, Listener listener)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(ClientTls.context(Files.readString(tls.resolve("server-ca.crt")),
                        Files.readString(tls.resolve("client-admin.crt")),
                        Files.readString(tls.resolve("client-admin.key"))))
                .build();
        PodWatchStream watch = new PodWatchStream(http,
                "https://127.0.0.1:" + port + "/api/v1/namespaces/" + namespace + "/pods?watch=true&resourceVersion=",
                resourceVersion, listener);
        watch.body = watch.connect();
        watch.reader.start();
        return watch;
    }

    private InputStream connect() throws IOException, InterruptedException {
        URI uri = URI.create(base + resourceVersion);
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw new IOException("watch " + uri + ": HTTP " + r.statusCode() + ": "
                    + new String(r.body().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return r.body();
    }

    private void run() {
        while (!closed) {
            String ended = read(body);
            if (closed) {
                return;
            }
            if (ended.startsWith("server: ")) {
                // an ERROR event (410 Gone: the events missed are no longer in the server's history)
                System.err.println("pod watch ended (" + ended + ")");
                return;
            }
            System.err.println("pod watch ended (" + ended + "); watching again from " + resourceVersion);
            try {
                body = connect();
            } catch (IOException | InterruptedException e) {
                System.err.println("pod watch cannot be opened again: " + e);
                return;
            }
        }
    }

    /** Reads events until the stream ends; returns why, when the server said or it failed. */
    private String read(InputStream in) {
        String reason = "stream closed";
        try (JsonParser p = Json.MAPPER.createParser(in)) {
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String type = null;
                String[] pod = new String[4];
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
                if ("ERROR".equals(type)) {
                    reason = "server: " + pod[3];
                    continue;
                }
                if (pod[3] != null) {
                    resourceVersion = pod[3];
                }
                listener.pod(type, pod[0], pod[1], pod[2]);
            }
        } catch (RuntimeException e) {
            reason = e.toString();
        }
        return reason;
    }

    /**
     * Reads the object at the parser (its START_OBJECT) into {@code pod}: uid, nodeName, phase and
     * resourceVersion (for an ERROR event's Status, its message in the last slot).
     */
    private static void object(JsonParser p, String[] pod) {
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String section = p.currentName();
            p.nextToken();
            if (section.equals("message")) {
                pod[3] = p.getString();
                continue;
            }
            int slot = switch (section) {
                case "metadata" -> 0;
                case "spec" -> 1;
                case "status" -> 2;
                default -> -1;
            };
            if (slot < 0 || p.currentToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (slot == 0 && field.equals("uid") || slot == 1 && field.equals("nodeName")
                        || slot == 2 && field.equals("phase")) {
                    pod[slot] = p.getString();
                } else if (slot == 0 && field.equals("resourceVersion")) {
                    pod[3] = p.getString();
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            body.close();
        } catch (IOException e) {
            // the stream is being abandoned
        }
    }
}
