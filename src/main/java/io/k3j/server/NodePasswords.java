package io.k3j.server;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.client.ApiClient;
import io.k3j.client.Resource;
import io.k3j.pki.NodePasswordHash;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * Node passwords, as K3s checks them before it signs a kubelet certificate: the first request for
 * a node name stores an scrypt hash of the password the agent sent in the immutable Secret
 * {@code kube-system/<name>.node-password.k3s} (type {@code k3s.cattle.io/node-password}, key
 * {@code hash}); later requests for that name must send the same password. This keeps one agent
 * from taking another node's identity. Thread-safe.
 */
public final class NodePasswords {

    /** K3s's secret type for node password hashes. */
    public static final String SECRET_TYPE = "k3s.cattle.io/node-password";
    static final String NAMESPACE = "kube-system";
    private static final Resource SECRETS = Resource.core("secrets");

    /** The password does not match the one the node name was first registered with. */
    public static final class Mismatch extends RuntimeException {
        Mismatch(String message) {
            super(message);
        }
    }

    /** scrypt takes about 32 MB per hash: at most two at a time, however many nodes join at once. */
    private final Semaphore hashPermits = new Semaphore(2);
    private final ApiClient client;

    public NodePasswords(ApiClient client) {
        this.client = client;
    }

    /** The secret that holds the hash for {@code nodeName}. */
    public static String secretName(String nodeName) {
        return (nodeName + ".node-password.k3s").toLowerCase(Locale.ROOT);
    }

    /**
     * Checks {@code password} against the stored hash for {@code nodeName}, storing a new hash when
     * there is none yet; throws {@link Mismatch} when it does not match, ApiException when the API fails.
     */
    public void ensure(String nodeName, String password) {
        String name = secretName(nodeName);
        ObjectNode secret = find(name);
        if (secret == null) {
            try {
                client.create(SECRETS, NAMESPACE, secret(name, hashing(() -> NodePasswordHash.create(password))));
                return;
            } catch (ApiException e) {
                if (e.status().code() != 409) {
                    throw e;
                }
                secret = find(name);
                if (secret == null) {
                    throw e;
                }
            }
        }
        String hash = decode(secret.path("data").path("hash").asString(""));
        if (hash.isEmpty()) {
            throw new Mismatch("node password secret " + NAMESPACE + "/" + name + " holds no hash");
        }
        if (!hashing(() -> NodePasswordHash.verify(hash, password))) {
            throw new Mismatch("node password for " + nodeName + " does not match the one it registered with"
                    + " (secret " + NAMESPACE + "/" + name + ")");
        }
    }

    private <T> T hashing(Supplier<T> work) {
        try {
            hashPermits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing a node password", e);
        }
        try {
            return work.get();
        } finally {
            hashPermits.release();
        }
    }

    private ObjectNode find(String name) {
        try {
            return client.get(SECRETS, NAMESPACE, name);
        } catch (ApiException e) {
            if (e.status().code() == 404) {
                return null;
            }
            throw e;
        }
    }

    private static ObjectNode secret(String name, String hash) {
        ObjectNode s = Json.object();
        s.put("apiVersion", "v1");
        s.put("kind", "Secret");
        s.putObject("metadata").put("name", name).put("namespace", NAMESPACE);
        s.put("type", SECRET_TYPE);
        s.put("immutable", true);
        s.putObject("data").put("hash", Base64.getEncoder().encodeToString(hash.getBytes(StandardCharsets.UTF_8)));
        return s;
    }

    private static String decode(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
