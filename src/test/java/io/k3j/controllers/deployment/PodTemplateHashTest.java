package io.k3j.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class PodTemplateHashTest {

    static ObjectNode template(String image) {
        return (ObjectNode) Json.parse(("{\"metadata\":{\"labels\":{\"app\":\"web\",\"tier\":\"fe\"},\"creationTimestamp\":null},"
                + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"" + image + "\"}]}}").getBytes());
    }

    @Test
    void stableAndIndependentOfKeyOrder() {
        ObjectNode a = template("nginx:1");
        ObjectNode b = (ObjectNode) Json.parse(("{\"spec\":{\"containers\":[{\"image\":\"nginx:1\",\"name\":\"c\"}]},"
                + "\"metadata\":{\"labels\":{\"tier\":\"fe\",\"app\":\"web\"}}}").getBytes());
        String hash = PodTemplateHash.compute(a, null);
        assertThat(hash).isEqualTo(PodTemplateHash.compute(b, null)).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}");
        assertThat(PodTemplateHash.compute(a, null)).isEqualTo(hash);
    }

    @Test
    void changesWithTemplateAndCollisionCount() {
        String hash = PodTemplateHash.compute(template("nginx:1"), null);
        assertThat(PodTemplateHash.compute(template("nginx:2"), null)).isNotEqualTo(hash);
        assertThat(PodTemplateHash.compute(template("nginx:1"), 1)).isNotEqualTo(hash)
                .isNotEqualTo(PodTemplateHash.compute(template("nginx:1"), 2));
    }

    @Test
    void safeEncodingAvoidsVowels() {
        assertThat(PodTemplateHash.safeEncode("0123456789")).doesNotContainPattern("[aeiou013]");
    }

    @Test
    void equalityIgnoresTheHashLabel() {
        ObjectNode a = template("nginx:1");
        ObjectNode b = template("nginx:1");
        ((ObjectNode) b.path("metadata").path("labels")).put(PodTemplateHash.LABEL, "abc");
        assertThat(PodTemplateHash.equalIgnoringHash(a, b)).isTrue();
        assertThat(PodTemplateHash.equalIgnoringHash(a, template("nginx:2"))).isFalse();
    }
}
