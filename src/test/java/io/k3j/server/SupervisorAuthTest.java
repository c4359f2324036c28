package io.k3j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.apiserver.authn.UserInfo;
import io.k3j.apiserver.http.ApiRequest;
import io.k3j.pki.Token;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SupervisorAuthTest {

    private static final String CA = "ca";
    private final SupervisorAuth separate = new SupervisorAuth(new TokenFiles.Tokens(
            new Token(null, "server", "server-secret").withCa(CA), new Token(null, "node", "agent-secret").withCa(CA)));

    private static ApiRequest request(Map<String, String> headers, UserInfo user) {
        return new ApiRequest("GET", "/v1-k3s/client-kubelet.crt", Map.of(), headers, new byte[0],
                Optional.ofNullable(user));
    }

    private static Map<String, String> basic(String user, String password) {
        return Map.of("authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private Optional<String> who(Map<String, String> headers) {
        return separate.authenticate(request(headers, null)).map(UserInfo::name);
    }

    @Test
    void eitherTokenJoinsAnAgentWithBasicAuth() {
        assertThat(who(basic("node", "agent-secret"))).contains("node");
        assertThat(who(basic("node", "server-secret"))).contains("server");
        assertThat(who(basic("server", "server-secret"))).contains("server");
        assertThat(separate.authenticate(request(basic("node", "agent-secret"), null)).orElseThrow().groups())
                .contains("k3s:agent");
    }

    @Test
    void anythingElseProvesNothing() {
        assertThat(who(basic("server", "agent-secret"))).isEmpty();
        assertThat(who(basic("node", "agent-secret "))).isEmpty();
        assertThat(who(basic("admin", "server-secret"))).isEmpty();
        assertThat(who(basic("node", ""))).isEmpty();
        assertThat(who(Map.of())).isEmpty();
        assertThat(who(Map.of("authorization", "Basic !!!"))).isEmpty();
        assertThat(who(Map.of("authorization", "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes()))))
                .isEmpty();
        assertThat(who(Map.of("authorization", "Bearer server-secret"))).isEmpty();
    }

    @Test
    void authenticatedNodesAgentsAndServersPassOthersDoNot() {
        UserInfo node = new UserInfo("system:node:edge-1", List.of("system:nodes", "system:authenticated"));
        UserInfo admin = new UserInfo("system:admin", List.of("system:masters", "system:authenticated"));
        UserInfo sa = new UserInfo("system:serviceaccount:default:x", List.of("system:serviceaccounts"));
        assertThat(separate.authenticate(request(Map.of(), node))).contains(node);
        assertThat(separate.authenticate(request(Map.of(), admin))).isEmpty();
        assertThat(separate.authenticate(request(basic("node", "agent-secret"), sa))).isEmpty();
    }
}
