package io.k3j.server;

import io.k3j.apiserver.authn.UserInfo;
import io.k3j.apiserver.http.ApiRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Who a request to the supervisor's node endpoints comes from, as K3s's supervisor decides it:
 * HTTP basic auth with the join token's secret (user {@code node} or {@code server}; the server
 * token and the agent token are both accepted, as K3s's agents may join with either), or a user
 * the API server already authenticated that is an agent, a server or a node (group
 * {@code k3s:agent}, {@code k3s:server} or {@code system:nodes}). Passwords are compared in
 * constant time. Immutable and thread-safe.
 */
final class SupervisorAuth {

    static final String AGENT_GROUP = "k3s:agent";
    static final String SERVER_GROUP = "k3s:server";
    static final String NODES_GROUP = "system:nodes";

    private final byte[] serverPassword;
    private final byte[] agentPassword;

    SupervisorAuth(TokenFiles.Tokens tokens) {
        this.serverPassword = tokens.server().password().getBytes(StandardCharsets.UTF_8);
        this.agentPassword = tokens.agent().password().getBytes(StandardCharsets.UTF_8);
    }

    /** The caller, or empty when it proved nothing (a 401). */
    Optional<UserInfo> authenticate(ApiRequest request) {
        if (request.user().isPresent()) {
            UserInfo u = request.user().get();
            List<String> groups = u.groups() == null ? List.of() : u.groups();
            return groups.contains(AGENT_GROUP) || groups.contains(SERVER_GROUP) || groups.contains(NODES_GROUP)
                    ? Optional.of(u) : Optional.empty();
        }
        String header = request.header("authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String user = decoded.substring(0, colon);
        byte[] password = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        boolean isServer = MessageDigest.isEqual(password, serverPassword);
        boolean isAgent = MessageDigest.isEqual(password, agentPassword);
        if (isServer && (user.equals("server") || user.equals("node"))) {
            return Optional.of(new UserInfo("server", List.of(SERVER_GROUP, UserInfo.ALL_AUTHENTICATED)));
        }
        if (isAgent && user.equals("node")) {
            return Optional.of(new UserInfo("node", List.of(AGENT_GROUP, UserInfo.ALL_AUTHENTICATED)));
        }
        return Optional.empty();
    }
}
