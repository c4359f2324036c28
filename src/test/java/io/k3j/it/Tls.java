package io.k3j.it;

import io.k3j.pki.Pem;
import java.net.http.HttpClient;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS clients for integration tests: trust-all (for open endpoints) and mutual TLS. */
final class Tls {

    private Tls() {
    }

    static HttpClient trustAllClient() {
        return HttpClient.newBuilder().sslContext(io.k3j.pki.UnverifiedTls.context())
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A client that verifies the server against {@code caPem} and presents the given cert. */
    static HttpClient mutualClient(String caPem, String certPem, String keyPem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (X509Certificate ca : Pem.certificates(caPem)) {
            trust.setCertificateEntry("ca" + i++, ca);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        if (certPem != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("me", Pem.privateKey(keyPem), new char[0],
                    Pem.certificates(certPem).toArray(Certificate[]::new));
            kmf.init(keys, new char[0]);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(certPem == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
    }
}
