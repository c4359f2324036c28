package io.k3j.pki;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;

/** A certificate and its private key. */
public record CertKey(X509Certificate certificate, PrivateKey key) {

    public String certificatePem() {
        return Pem.encode(certificate);
    }

    /**
     * The key as K3s writes it: an EC key as SEC1 PEM ("EC PRIVATE KEY", with its curve and public
     * key, as Go's x509.MarshalECPrivateKey), which clients that only guess the algorithm from the
     * PEM type (fabric8) also read; any other key as PKCS#8 ("PRIVATE KEY").
     */
    public String keyPem() {
        if (key instanceof ECPrivateKey ec) {
            try {
                ASN1Encodable curve = PrivateKeyInfo.getInstance(key.getEncoded()).getPrivateKeyAlgorithm()
                        .getParameters();
                SubjectPublicKeyInfo pub = SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded());
                byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(ec.getParams().getOrder().bitLength(),
                        ec.getS(), pub.getPublicKeyData(), curve).getEncoded();
                return Pem.encode(new PemObject("EC PRIVATE KEY", sec1));
            } catch (IOException e) {
                throw new PkiException("cannot encode EC private key", e);
            }
        }
        return Pem.encode(new PemObject("PRIVATE KEY", key.getEncoded()));
    }

    /** True when the certificate expires within {@code margin} of {@code now}. */
    public boolean expiresWithin(Duration margin, Instant now) {
        return certificate.getNotAfter().toInstant().isBefore(now.plus(margin));
    }
}
