package io.k3j.apiserver.registry.kinds;

import static io.k3j.apiserver.registry.kinds.Fixtures.assertSameJson;
import static io.k3j.apiserver.registry.kinds.Fixtures.created;
import static io.k3j.apiserver.registry.kinds.Fixtures.lines;
import static io.k3j.apiserver.registry.kinds.Fixtures.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.api.ApiException;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class SecretStrategyTest {

    private final SecretStrategy strategy = new SecretStrategy();

    @Test
    void typeDefaultsToOpaqueAndStringDataIsMergedIntoData() {
        ObjectNode secret = created(strategy, """
                {"metadata":{"name":"s"},"data":{"a":"b2xk","keep":"eA=="},"stringData":{"a":"new","b":"été"}}""");
        assertSameJson(secret, """
                {"metadata":{"name":"s","uid":"%s","creationTimestamp":"2025-01-01T00:00:00Z"},"type":"Opaque",
                 "data":{"a":"bmV3","keep":"eA==","b":"w6l0w6k="}}""".replace("%s", Fixtures.UID));
        assertThat(strategy.validate(secret)).isEmpty();
    }

    @Test
    void userTypeIsKeptAndUpdatesMergeStringDataToo() {
        ObjectNode old = created(strategy, """
                {"metadata":{"name":"s"},"type":"kubernetes.io/basic-auth","data":{"username":"dQ=="}}""");
        assertThat(old.get("type").asString()).isEqualTo("kubernetes.io/basic-auth");
        ObjectNode updated = obj("""
                {"metadata":{"name":"s"},"type":"kubernetes.io/basic-auth","stringData":{"password":"p"}}""");
        strategy.prepareForUpdate(updated, old);
        assertSameJson(updated.get("data"), """
                {"password":"cA=="}""");
        assertThat(updated.has("stringData")).isFalse();
    }

    @Test
    void invalidSecretsReportUpstreamCauses() {
        ObjectNode secret = created(strategy, """
                {"metadata":{"name":"s"},"type":"kubernetes.io/tls","data":{"bad key":"eA==","..x":"eA==",
                  "tls.crt":"not base64!"}}""");
        assertThat(lines(strategy.validate(secret))).containsExactly(
                "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric"
                        + " characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used"
                        + " for validation is '[-._a-zA-Z0-9]+')",
                "data[..x]: Invalid value: \"..x\": must not start with '..'",
                "data[tls.crt]: Invalid value: \"<value omitted>\": illegal base64 data",
                "data[tls.key]: Required value");
        ObjectNode token = created(strategy, """
                {"metadata":{"name":"t"},"type":"kubernetes.io/service-account-token"}""");
        assertThat(lines(strategy.validate(token)))
                .containsExactly("metadata.annotations[kubernetes.io/service-account.name]: Required value");
    }

    @Test
    void dataIsLimitedToOneMebibyte() {
        ObjectNode secret = created(strategy, "{\"metadata\":{\"name\":\"s\"}}");
        ObjectNode data = secret.putObject("data");
        data.put("a", Base64.getEncoder().encodeToString(new byte[ConfigKeys.MAX_SIZE]));
        assertThat(strategy.validate(secret)).isEmpty();
        data.put("b", "eA==");
        assertThat(lines(strategy.validate(secret)))
                .containsExactly("data: Too long: may not be more than 1048576 bytes");
    }

    @Test
    void typeAndImmutableDataCannotChange() {
        ObjectNode old = created(strategy, """
                {"metadata":{"name":"s"},"immutable":true,"data":{"a":"eA=="}}""");
        ObjectNode updated = obj("""
                {"metadata":{"name":"s"},"type":"kubernetes.io/tls","data":{"a":"eQ=="}}""");
        assertThatThrownBy(() -> strategy.prepareForUpdate(updated, old)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status().code()).isEqualTo(422))
                .hasMessage("Secret \"s\" is invalid: [type: Invalid value: \"kubernetes.io/tls\": field is immutable,"
                        + " immutable: Forbidden: field is immutable when `immutable` is set, data: Forbidden: field is"
                        + " immutable when `immutable` is set]");
        ObjectNode metadataOnly = obj("""
                {"metadata":{"name":"s","labels":{"a":"b"}},"immutable":true,"data":{"a":"eA=="}}""");
        strategy.prepareForUpdate(metadataOnly, old);
        assertThat(metadataOnly.get("type").asString()).isEqualTo("Opaque");
    }
}
