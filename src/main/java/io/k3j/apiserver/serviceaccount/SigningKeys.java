package io.k3j.apiserver.serviceaccount;

import io.k3j.pki.KeyFiles;
import io.k3j.pki.Pem;
import io.k3j.pki.PkiException;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service account token keys, with K3s's files under {@code server/tls}: {@code service.current.key} signs
 * (an RSA 2048 key made once, mode 0600) and every key in {@code service.key} (private or public, as K3s keeps
 * earlier keys there) and the current one verify. Immutable once loaded.
 */
public final class SigningKeys {

    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

    private final PrivateKey signingKey;
    private final String keyId;
    private final List<PublicKey> verificationKeys;

    public SigningKeys(PrivateKey signingKey, PublicKey signingPublicKey, List<PublicKey> verificationKeys) {
        this.signingKey = signingKey;
        this.keyId = Jws.keyId(signingPublicKey);
        List<PublicKey> all = new ArrayList<>(verificationKeys);
        if (all.stream().noneMatch(k -> Jws.keyId(k).equals(keyId))) {
            all.addFirst(signingPublicKey);
        }
        this.verificationKeys = List.copyOf(all);
    }

    /** Loads the keys from {@code tlsDir}, creating {@code service.key} and {@code service.current.key} if missing. */
    public static SigningKeys ensure(Path tlsDir) {
        Path current = tlsDir.resolve("service.current.key");
        Path all = tlsDir.resolve("service.key");
        if (!Files.exists(current)) {
            List<KeyPair> existing = Files.exists(all) ? pairs(KeyFiles.read(all)) : List.of();
            if (!existing.isEmpty()) {
                KeyFiles.write(current, Pem.encode(existing.getFirst()), KeyFiles.SECRET);
            } else {
                KeyPair pair = newRsaKey();
                String pem = Pem.encode(pair);
                KeyFiles.write(current, pem, KeyFiles.SECRET);
                if (!Files.exists(all)) {
                    KeyFiles.write(all, pem, KeyFiles.SECRET);
                }
                LOG.info("created the service account signing key");
            }
        } else if (!Files.exists(all)) {
            KeyFiles.write(all, KeyFiles.read(current), KeyFiles.SECRET);
        }
        List<KeyPair> signing = pairs(KeyFiles.read(current));
        if (signing.isEmpty()) {
            throw new PkiException("no private key found in " + current);
        }
        return new SigningKeys(signing.getFirst().getPrivate(), signing.getFirst().getPublic(),
                publicKeys(KeyFiles.read(all)));
    }

    /** In-memory keys for tests. */
    public static SigningKeys of(KeyPair pair) {
        return new SigningKeys(pair.getPrivate(), pair.getPublic(), List.of());
    }

    public PrivateKey signingKey() {
        return signingKey;
    }

    public String keyId() {
        return keyId;
    }

    public List<PublicKey> verificationKeys() {
        return verificationKeys;
    }

    public static KeyPair newRsaKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot generate an RSA key", e);
        }
    }

    /** Every private key in PEM data, with its public key. */
    private static List<KeyPair> pairs(String pem) {
        List<KeyPair> out = new ArrayList<>();
        for (Object o : objects(pem)) {
            try {
                if (o instanceof PEMKeyPair pair) {
                    out.add(new JcaPEMKeyConverter().getKeyPair(pair));
                } else if (o instanceof PrivateKeyInfo info) {
                    PrivateKey key = new JcaPEMKeyConverter().getPrivateKey(info);
                    if (key instanceof RSAPrivateCrtKey rsa) {
                        out.add(new KeyPair(rsaPublic(rsa.getModulus(), rsa.getPublicExponent()), key));
                    }
                }
            } catch (IOException | GeneralSecurityException e) {
                throw new PkiException("unreadable service account key: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Every public key in PEM data, including those of its private keys. */
    private static List<PublicKey> publicKeys(String pem) {
        List<PublicKey> out = new ArrayList<>();
        for (KeyPair p : pairs(pem)) {
            out.add(p.getPublic());
        }
        for (Object o : objects(pem)) {
            if (o instanceof SubjectPublicKeyInfo info) {
                try {
                    out.add(new JcaPEMKeyConverter().getPublicKey(info));
                } catch (IOException e) {
                    throw new PkiException("unreadable service account public key: " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    private static List<Object> objects(String pem) {
        List<Object> out = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o; (o = parser.readObject()) != null; ) {
                out.add(o);
            }
        } catch (IOException e) {
            throw new PkiException("cannot parse service account key PEM: " + e.getMessage(), e);
        }
        return out;
    }

    private static PublicKey rsaPublic(BigInteger modulus, BigInteger exponent) throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
    }
}
