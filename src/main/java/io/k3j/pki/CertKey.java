package io.k3j.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/** A certificate and its private key. */
public record CertKey(X509Certificate certificate, PrivateKey key) {

    public String certificatePem() {
        return Pem.encode(certificate);
    }

    /** The key as PKCS#8 PEM ("PRIVATE KEY"), which Go, OpenSSL and the JDK all read. */
    public String keyPem() {
        return Pem.encode(new org.bouncycastle.util.io.pem.PemObject("PRIVATE KEY", key.getEncoded()));
    }

    /** True when the certificate expires within {@code margin} of {@code now}. */
    public boolean expiresWithin(Duration margin, Instant now) {
        return certificate.getNotAfter().toInstant().isBefore(now.plus(margin));
    }
}
