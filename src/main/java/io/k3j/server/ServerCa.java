package io.k3j.server;

import io.k3j.pki.PkiException;
import io.k3j.pki.Token;
import io.k3j.pki.UnverifiedTls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Fetches a server's CA bundle from its unauthenticated {@code /cacerts} and checks it against
 * the hash in a full token, as K3s agents do before trusting a server.
 */
public final class ServerCa {

    private ServerCa() {
    }

    public static String fetch(String serverUrl, Token token) {
        URI uri;
        try {
            uri = URI.create(serverUrl.replaceAll("/+$", "") + "/cacerts");
        } catch (IllegalArgumentException e) {
            throw new PkiException("invalid server URL " + serverUrl);
        }
        if (!"https".equals(uri.getScheme())) {
            throw new PkiException("server URL must start with https://, got " + serverUrl);
        }
        String body;
        try (HttpClient client = HttpClient.newBuilder().sslContext(UnverifiedTls.context())
                .connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new PkiException("GET " + uri + " answered " + r.statusCode());
            }
            body = r.body();
        } catch (IOException e) {
            throw new PkiException("cannot reach " + uri + ": " + (e.getMessage() != null ? e.getMessage()
                    : e.getClass().getSimpleName()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PkiException("interrupted fetching " + uri, e);
        }
        if (!token.trusts(body)) {
            throw new PkiException("token CA hash does not match the Cluster CA certificate hash of " + serverUrl
                    + ": refusing to trust it");
        }
        return body;
    }
}
