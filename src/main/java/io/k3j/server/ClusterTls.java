package io.k3j.server;

import io.k3j.pki.CertKey;
import io.k3j.pki.CertificateAuthority;
import io.k3j.pki.KeyFiles;
import io.k3j.pki.Pem;
import io.k3j.pki.PkiException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and maintains the server's certificates under {@code server/tls} with K3s's file
 * names: three CAs (10 years) made once, leaf certificates (1 year) reissued at start when
 * fewer than 90 days remain or when the serving certificate lacks a wanted SAN. Keys are 0600.
 */
public final class ClusterTls {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterTls.class);

    public static final Duration CA_VALIDITY = Duration.ofDays(3650);
    public static final Duration LEAF_VALIDITY = Duration.ofDays(365);
    public static final Duration RENEW_BEFORE = Duration.ofDays(90);

    private final Path dir;
    private final Clock clock;

    public ClusterTls(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /** Loads or creates every certificate; {@code sans} are the serving certificate's names. */
    public ClusterCertificates ensure(ServingNames sans) {
        CertKey serverCa = ca("server-ca");
        CertKey clientCa = ca("client-ca");
        CertKey requestHeaderCa = ca("request-header-ca");
        CertificateAuthority server = new CertificateAuthority(serverCa, clock);
        CertificateAuthority client = new CertificateAuthority(clientCa, clock);

        CertKey serving = load("serving-kube-apiserver");
        if (serving == null || needsRenewal(serving) || !covers(serving.certificate(), sans)
                || !signedBy(serving, serverCa)) {
            serving = server.issue("kube-apiserver", List.of(), sans.dnsNames(), sans.ips(),
                    List.of(CertificateAuthority.Usage.SERVER), LEAF_VALIDITY);
            store("serving-kube-apiserver", serving);
            LOG.info("issued API serving certificate for {} {}", sans.dnsNames(), sans.ips());
        }
        CertKey admin = load("client-admin");
        if (admin == null || needsRenewal(admin) || !signedBy(admin, clientCa)) {
            admin = client.issue("system:admin", List.of("system:masters"), List.of(), List.of(),
                    List.of(CertificateAuthority.Usage.CLIENT), LEAF_VALIDITY);
            store("client-admin", admin);
        }
        return new ClusterCertificates(serverCa, clientCa, requestHeaderCa, serving, admin);
    }

    private CertKey ca(String name) {
        CertKey ca = load(name);
        if (ca == null) {
            ca = CertificateAuthority.createCa("k3s-" + name + "@" + clock.instant().getEpochSecond(),
                    CA_VALIDITY, clock);
            store(name, ca);
            LOG.info("created {} certificate authority", name);
        }
        return ca;
    }

    private CertKey load(String name) {
        Path crt = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        if (!Files.exists(crt) || !Files.exists(key)) {
            return null;
        }
        try {
            return new CertKey(Pem.certificates(KeyFiles.read(crt)).getFirst(), Pem.privateKey(KeyFiles.read(key)));
        } catch (PkiException e) {
            throw new PkiException("unreadable certificate " + crt + " or key " + key + ": " + e.getMessage(), e);
        }
    }

    private void store(String name, CertKey ck) {
        KeyFiles.write(dir.resolve(name + ".key"), ck.keyPem(), KeyFiles.SECRET);
        KeyFiles.write(dir.resolve(name + ".crt"), ck.certificatePem(), KeyFiles.PUBLIC);
    }

    private boolean needsRenewal(CertKey ck) {
        return ck.expiresWithin(RENEW_BEFORE, clock.instant());
    }

    private static boolean signedBy(CertKey leaf, CertKey ca) {
        try {
            leaf.certificate().verify(ca.certificate().getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean covers(X509Certificate cert, ServingNames wanted) {
        Set<String> have = new HashSet<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    Object v = san.get(1);
                    if ((Integer) san.get(0) == 7) {
                        try {
                            have.add(InetAddress.getByName(v.toString()).getHostAddress());
                        } catch (UnknownHostException e) {
                            // not an address
                        }
                    } else {
                        have.add(v.toString());
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        for (String dns : wanted.dnsNames()) {
            if (!have.contains(dns)) {
                return false;
            }
        }
        for (InetAddress ip : wanted.ips()) {
            if (!have.contains(ip.getHostAddress())) {
                return false;
            }
        }
        return true;
    }
}
