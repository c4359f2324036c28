package io.k3j.server;

import io.k3j.pki.PkiException;
import io.k3j.pki.Token;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

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
        try (HttpClient client = HttpClient.newBuilder().sslContext(trustAll())
                .connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new PkiException("GET " + uri + " answered " + r.statusCode());
            }
            body = r.body();
        } catch (IOException e) {
            throw new PkiException("cannot reach " + uri + ": " + e.getMessage(), e);
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

    /** Only for fetching the CA itself, whose bytes are then checked against the token. */
    private static SSLContext trustAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[]{new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
