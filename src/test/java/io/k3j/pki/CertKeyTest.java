package io.k3j.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.junit.jupiter.api.Test;

class CertKeyTest {

    @Test
    void ecKeysAreWrittenAsSec1WithTheirCurveAndPublicKey() throws Exception {
        CertKey ca = CertificateAuthority.createCa("test-ca", Duration.ofDays(1), Clock.systemUTC());
        CertKey leaf = new CertificateAuthority(ca, Clock.systemUTC()).issue("alice", List.of("devs"), List.of(),
                List.of(), List.of(CertificateAuthority.Usage.CLIENT), Duration.ofDays(1));
        for (CertKey ck : List.of(ca, leaf)) {
            String pem = ck.keyPem();
            assertThat(pem).startsWith("-----BEGIN EC PRIVATE KEY-----");
            PemObject object = new PemReader(new StringReader(pem)).readPemObject();
            ECPrivateKey sec1 = ECPrivateKey.getInstance(object.getContent());
            // Go's x509.ParseECPrivateKey needs the named curve when the key stands alone
            assertThat(sec1.getParametersObject()).isIn(X9ObjectIdentifiers.prime256v1,
                    SECObjectIdentifiers.secp256r1);
            assertThat(sec1.getPublicKey()).isNotNull();
            assertThat(((java.security.interfaces.ECPrivateKey) Pem.privateKey(pem)).getS())
                    .isEqualTo(((java.security.interfaces.ECPrivateKey) ck.key()).getS());
        }
    }
}
