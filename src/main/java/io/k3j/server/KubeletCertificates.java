package io.k3j.server;

import io.k3j.api.ApiException;
import io.k3j.api.Status;
import io.k3j.api.Validation;
import io.k3j.apiserver.authn.UserInfo;
import io.k3j.apiserver.authz.NodeIdentity;
import io.k3j.apiserver.http.ApiRequest;
import io.k3j.apiserver.http.ApiResponse;
import io.k3j.apiserver.http.Handler;
import io.k3j.pki.CertKey;
import io.k3j.pki.CertificateAuthority;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's kubelet certificate endpoints, as K3s serves them to joining agents:
 * {@code GET /v1-k3s/client-kubelet.crt} signs a client certificate for {@code system:node:<name>}
 * (group {@code system:nodes}) with the client CA, {@code GET /v1-k3s/serving-kubelet.crt} a
 * serving certificate for the node's name, {@code localhost}, 127.0.0.1 and the addresses in
 * {@code K3s-Node-IP} with the server CA. The node names itself in {@code K3s-Node-Name} and
 * proves it with {@code K3s-Node-Password} ({@link NodePasswords}). The answer is PEM: the new
 * certificate, the signing CA, then a fresh private key. Missing or bad credentials are 401, a
 * password that does not match the node's is 403. Thread-safe.
 */
public final class KubeletCertificates {

    private static final Logger LOG = LoggerFactory.getLogger(KubeletCertificates.class);
    static final String NAME_HEADER = "K3s-Node-Name";
    static final String PASSWORD_HEADER = "K3s-Node-Password";
    static final String IP_HEADER = "K3s-Node-IP";

    private final SupervisorAuth auth;
    private final NodePasswords passwords;
    private final CertificateAuthority clientCa;
    private final CertificateAuthority serverCa;

    KubeletCertificates(TokenFiles.Tokens tokens, NodePasswords passwords, ClusterCertificates certificates,
                        Clock clock) {
        this.auth = new SupervisorAuth(tokens);
        this.passwords = passwords;
        this.clientCa = new CertificateAuthority(certificates.clientCa(), clock);
        this.serverCa = new CertificateAuthority(certificates.serverCa(), clock);
    }

    /** The client certificate endpoint. */
    public Handler client() {
        return request -> answer(request, clientCa, (node, req) -> clientCa.issue(NodeIdentity.USER_PREFIX + node,
                List.of(NodeIdentity.NODES_GROUP), List.of(), List.of(),
                List.of(CertificateAuthority.Usage.CLIENT), ClusterTls.LEAF_VALIDITY));
    }

    /** The serving certificate endpoint. */
    public Handler serving() {
        return request -> answer(request, serverCa, (node, req) -> serverCa.issue(node, List.of(),
                List.of(node, "localhost"), servingIps(req), List.of(CertificateAuthority.Usage.SERVER),
                ClusterTls.LEAF_VALIDITY));
    }

    private interface Issuer {
        CertKey issue(String node, ApiRequest request);
    }

    private ApiResponse answer(ApiRequest request, CertificateAuthority ca, Issuer issuer) {
        if (!request.method().equals("GET")) {
            return ApiResponse.status(Status.methodNotAllowed("the server does not allow this method on the requested"
                    + " resource"));
        }
        Optional<UserInfo> caller = auth.authenticate(request);
        if (caller.isEmpty()) {
            return ApiResponse.status(Status.unauthorized());
        }
        String node = Optional.ofNullable(request.header(NAME_HEADER)).orElse("").strip().toLowerCase(Locale.ROOT);
        String password = Optional.ofNullable(request.header(PASSWORD_HEADER)).orElse("");
        if (node.isEmpty()) {
            return ApiResponse.status(Status.badRequest("node name not set (" + NAME_HEADER + " header)"));
        }
        if (password.isEmpty()) {
            return ApiResponse.status(Status.badRequest("node password not set (" + PASSWORD_HEADER + " header)"));
        }
        List<String> problems = Validation.dns1123Subdomain(node);
        if (!problems.isEmpty()) {
            return ApiResponse.status(Status.badRequest("invalid node name \"" + node + "\": "
                    + String.join(", ", problems)));
        }
        Optional<String> identity = NodeIdentity.nodeName(caller.get());
        if (identity.isPresent() && !identity.get().equals(node)) {
            return ApiResponse.status(Status.badRequest("header node name does not match auth node name"));
        }
        try {
            passwords.ensure(node, password);
        } catch (NodePasswords.Mismatch e) {
            LOG.warn("refused a kubelet certificate for node {}: {}", node, e.getMessage());
            return ApiResponse.status(Status.forbidden("Node password rejected for node \"" + node
                    + "\": a node of this name registered with another password (" + e.getMessage() + ")"));
        } catch (ApiException e) {
            return ApiResponse.status(new Status(503, "ServiceUnavailable", "cannot verify the node password of "
                    + node + ": " + e.getMessage()));
        }
        CertKey issued;
        try {
            issued = issuer.issue(node, request);
        } catch (IllegalArgumentException e) {
            return ApiResponse.status(Status.badRequest(e.getMessage()));
        }
        String pem = issued.certificatePem() + ca.ca().certificatePem() + issued.keyPem();
        return new ApiResponse(200, "text/plain; charset=utf-8", pem.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static List<InetAddress> servingIps(ApiRequest request) {
        List<InetAddress> ips = new ArrayList<>();
        try {
            ips.add(InetAddress.getByName("127.0.0.1"));
            String header = request.header(IP_HEADER);
            if (header != null && !header.isBlank()) {
                for (String ip : header.split(",")) {
                    String s = ip.strip();
                    if (!Cidrs.isIpLiteral(s)) {
                        throw new IllegalArgumentException("invalid node IP address \"" + s + "\"");
                    }
                    ips.add(InetAddress.getByName(s));
                }
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid node IP address: " + e.getMessage());
        }
        return ips;
    }
}
