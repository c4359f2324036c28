package io.k3j.pki;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS client context that trusts a CA bundle and, optionally, presents a client certificate
 * (kept in memory, no key store file). Stateless.
 */
public final class ClientTls {

    private ClientTls() {
    }

    /** Trusts {@code caPem}; presents {@code certPem}/{@code keyPem} when both are given. */
    public static SSLContext context(String caPem, String certPem, String keyPem) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (X509Certificate ca : Pem.certificates(caPem)) {
                trust.setCertificateEntry("ca" + i++, ca);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManager[] keys = certPem == null || keyPem == null ? null : new KeyManager[]{new StaticKeyManager(
                    Pem.privateKey(keyPem), Pem.certificates(certPem).toArray(X509Certificate[]::new))};
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new PkiException("cannot set up a TLS client: " + e.getMessage(), e);
        }
    }
}
