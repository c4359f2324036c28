package io.k3j.pki;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority: creates self-signed ECDSA P-256 CAs and signs leaf certificates
 * (server, client, or both) with it. Thread-safe.
 */
public final class CertificateAuthority {

    /** What a leaf certificate is for. */
    public enum Usage { SERVER, CLIENT }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final CertKey ca;
    private final Clock clock;

    public CertificateAuthority(CertKey ca, Clock clock) {
        this.ca = ca;
        this.clock = clock;
    }

    public CertKey ca() {
        return ca;
    }

    /** A new self-signed CA certificate with a fresh P-256 key. */
    public static CertKey createCa(String commonName, Duration validity, Clock clock) {
        KeyPair kp = newKeyPair();
        Instant now = clock.instant();
        X500Name name = name(commonName, List.of());
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), name, kp.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            return new CertKey(sign(b, kp), kp.getPrivate());
        } catch (CertIOException | GeneralSecurityException e) {
            throw new PkiException("cannot create CA " + commonName, e);
        }
    }

    /**
     * Signs a new leaf certificate for {@code commonName} in {@code organizations}, with the given
     * DNS names and IP addresses as SANs, valid for {@code validity}.
     */
    public CertKey issue(String commonName, Collection<String> organizations, Collection<String> dnsNames,
                         Collection<InetAddress> ips, Collection<Usage> usages, Duration validity) {
        KeyPair kp = newKeyPair();
        Instant now = clock.instant();
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)),
                    name(commonName, organizations), kp.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            List<KeyPurposeId> purposes = new ArrayList<>();
            if (usages.contains(Usage.SERVER)) {
                purposes.add(KeyPurposeId.id_kp_serverAuth);
            }
            if (usages.contains(Usage.CLIENT)) {
                purposes.add(KeyPurposeId.id_kp_clientAuth);
            }
            b.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    ext.createAuthorityKeyIdentifier(ca.certificate()));
            List<GeneralName> sans = new ArrayList<>();
            for (String dns : dnsNames) {
                sans.add(new GeneralName(GeneralName.dNSName, dns));
            }
            for (InetAddress ip : ips) {
                sans.add(new GeneralName(GeneralName.iPAddress, ip.getHostAddress()));
            }
            if (!sans.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            return new CertKey(sign(b, ca.key()), kp.getPrivate());
        } catch (CertIOException | GeneralSecurityException e) {
            throw new PkiException("cannot issue certificate for " + commonName, e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair kp) throws GeneralSecurityException {
        return sign(b, kp.getPrivate());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, java.security.PrivateKey signer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static X500Name name(String commonName, Collection<String> organizations) {
        X500NameBuilder nb = new X500NameBuilder(BCStyle.INSTANCE);
        for (String o : organizations) {
            nb.addRDN(BCStyle.O, o);
        }
        nb.addRDN(BCStyle.CN, commonName);
        return nb.build();
    }

    private static BigInteger serial() {
        return new BigInteger(63, RANDOM).add(BigInteger.ONE);
    }

    /** A fresh ECDSA P-256 key pair. */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot generate an EC key", e);
        }
    }
}
