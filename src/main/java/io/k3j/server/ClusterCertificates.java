package io.k3j.server;

import io.k3j.pki.CertKey;

/** The CAs and leaf certificates a server runs with. */
public record ClusterCertificates(CertKey serverCa, CertKey clientCa, CertKey requestHeaderCa,
                                  CertKey serving, CertKey admin) {

    /** The server CA bundle as served on /cacerts and hashed into tokens. */
    public String caBundlePem() {
        return serverCa.certificatePem();
    }
}
