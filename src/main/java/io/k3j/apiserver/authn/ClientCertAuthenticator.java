package io.k3j.apiserver.authn;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Maps a TLS client certificate, already verified against the client CA by the TLS layer, to
 * a user: CN is the user name, each O a group (as upstream's x509 authenticator). Stateless.
 */
public final class ClientCertAuthenticator {

    public Optional<UserInfo> authenticate(Certificate[] peerChain) {
        if (peerChain == null || peerChain.length == 0 || !(peerChain[0] instanceof X509Certificate cert)) {
            return Optional.empty();
        }
        String cn = null;
        List<String> groups = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = rdn.getValue().toString();
                } else if (rdn.getType().equalsIgnoreCase("O")) {
                    groups.add(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        if (cn == null || cn.isEmpty()) {
            return Optional.empty();
        }
        groups.add(UserInfo.ALL_AUTHENTICATED);
        return Optional.of(new UserInfo(cn, List.copyOf(groups)));
    }
}
