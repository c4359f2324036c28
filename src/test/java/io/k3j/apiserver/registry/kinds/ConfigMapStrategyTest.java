package io.k3j.apiserver.registry.kinds;

import static io.k3j.apiserver.registry.kinds.Fixtures.created;
import static io.k3j.apiserver.registry.kinds.Fixtures.lines;
import static io.k3j.apiserver.registry.kinds.Fixtures.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.api.ApiException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ConfigMapStrategyTest {

    private final ConfigMapStrategy strategy = new ConfigMapStrategy();

    @Test
    void validConfigMapsAreLeftAsGiven() {
        String json = """
                {"metadata":{"name":"cm"},"data":{"app.properties":"a=b","KEY_1":"v"},
                 "binaryData":{"logo.png":"iVBO"}}""";
        ObjectNode cm = created(strategy, json);
        assertThat(cm.get("data")).isEqualTo(obj(json).get("data"));
        assertThat(strategy.validate(cm)).isEmpty();
    }

    @Test
    void keysMustBeValidAndNotInBothMaps() {
        ObjectNode cm = created(strategy, """
                {"metadata":{"name":"cm"},"data":{"a/b":"x","same":"y","..":"z"},"binaryData":{"same":"eQ=="}}""");
        assertThat(lines(strategy.validate(cm))).containsExactly(
                "data[a/b]: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, '-',"
                        + " '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is"
                        + " '[-._a-zA-Z0-9]+')",
                "data[..]: Invalid value: \"..\": must not be '..'",
                "data[same]: Invalid value: \"same\": duplicate of key present in binaryData");
    }

    @Test
    void totalSizeIsLimited() {
        ObjectNode cm = created(strategy, "{\"metadata\":{\"name\":\"cm\"}}");
        cm.putObject("data").put("big", "x".repeat(ConfigKeys.MAX_SIZE + 1));
        assertThat(lines(strategy.validate(cm))).containsExactly(": Too long: may not be more than 1048576 bytes");
    }

    @Test
    void immutableConfigMapsRejectDataChanges() {
        ObjectNode old = created(strategy, """
                {"metadata":{"name":"cm"},"immutable":true,"data":{"a":"1"}}""");
        ObjectNode changed = obj("""
                {"metadata":{"name":"cm"},"immutable":true,"data":{"a":"2"}}""");
        assertThatThrownBy(() -> strategy.prepareForUpdate(changed, old)).isInstanceOf(ApiException.class)
                .hasMessage("ConfigMap \"cm\" is invalid: data: Forbidden: field is immutable when `immutable` is set");
        strategy.prepareForUpdate(obj("""
                {"metadata":{"name":"cm","labels":{"x":"y"}},"immutable":true,"data":{"a":"1"}}"""), old);
        ObjectNode mutable = created(strategy, """
                {"metadata":{"name":"cm"},"data":{"a":"1"}}""");
        strategy.prepareForUpdate(changed, mutable);
    }
}
