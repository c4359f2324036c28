package io.k3j.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {

    private final TokenAuthenticator auth = new TokenAuthenticator(List.of(
            new TokenAuthenticator.Entry("s3cret", new UserInfo("server", List.of("k3s:server")))));

    @Test
    void acceptsTheTokenOrAFullK3sTokenCarryingIt() {
        assertThat(auth.authenticate(Map.of("authorization", "Bearer s3cret"))).get()
                .extracting(UserInfo::name).isEqualTo("server");
        assertThat(auth.authenticate(Map.of("authorization", "bearer K10" + "a".repeat(64) + "::server:s3cret")))
                .isPresent();
    }

    @Test
    void rejectsEverythingElse() {
        assertThat(auth.authenticate(Map.of("authorization", "Bearer wrong"))).isEmpty();
        assertThat(auth.authenticate(Map.of("authorization", "Basic s3cret"))).isEmpty();
        assertThat(auth.authenticate(Map.of("authorization", "Bearer "))).isEmpty();
        assertThat(auth.authenticate(Map.of())).isEmpty();
    }
}
