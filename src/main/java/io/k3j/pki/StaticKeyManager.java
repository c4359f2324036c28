package io.k3j.pki;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager holding one key and certificate chain in memory. It replaces a KeyStore-backed
 * KeyManagerFactory, whose password-protected PKCS#12 entries cost hundreds of milliseconds of
 * key derivation at start-up. Immutable and thread-safe.
 */
public final class StaticKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "k3j";

    private final PrivateKey key;
    private final X509Certificate[] chain;

    public StaticKeyManager(PrivateKey key, X509Certificate... chain) {
        this.key = key;
        this.chain = chain.clone();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return matches(keyType) ? new String[]{ALIAS} : null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return choose(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return choose(keyTypes);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return matches(keyType) ? new String[]{ALIAS} : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return matches(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return matches(keyType) ? ALIAS : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }

    private String choose(String[] keyTypes) {
        if (keyTypes != null) {
            for (String t : keyTypes) {
                if (matches(t)) {
                    return ALIAS;
                }
            }
        }
        return null;
    }

    private boolean matches(String keyType) {
        if (keyType == null) {
            return true;
        }
        String alg = key.getAlgorithm();
        return keyType.equals(alg) || (alg.equals("EC") && keyType.startsWith("EC"));
    }
}
