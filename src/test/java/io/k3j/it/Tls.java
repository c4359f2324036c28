package io.k3j.it;

import io.k3j.pki.ClientTls;
import java.net.http.HttpClient;
import java.time.Duration;

/** TLS clients for integration tests: trust-all (for open endpoints) and mutual TLS. */
final class Tls {

    private Tls() {
    }

    static HttpClient trustAllClient() {
        return HttpClient.newBuilder().sslContext(io.k3j.pki.UnverifiedTls.context())
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A client that verifies the server against {@code caPem} and presents the given cert. */
    static HttpClient mutualClient(String caPem, String certPem, String keyPem) {
        return HttpClient.newBuilder().sslContext(ClientTls.context(caPem, certPem, keyPem))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }
}
