package io.k3j.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** generateName creates retry with a new suffix when the generated name is taken. */
class GenerateNameTest {

    @AutoClose
    private final StoreFixture fixture;

    GenerateNameTest(@TempDir Path dir) {
        fixture = new StoreFixture(dir, "configmaps");
    }

    private GenericStore store(long seed) {
        return fixture.store(seed);
    }

    private static ObjectNode generated(String base) {
        return Json.parseObject(("{\"metadata\":{\"generateName\":\"" + base + "\"}}").getBytes());
    }

    @Test
    void aTakenGeneratedNameIsRetriedWithANewSuffix() {
        String first = Meta.name(store(7).create("default", generated("cm-"), false));
        ObjectNode again = store(7).create("default", generated("cm-"), false);
        assertThat(Meta.name(again)).startsWith("cm-").hasSize(first.length()).isNotEqualTo(first);
    }

    @Test
    void anExplicitNameThatIsTakenIsAConflictWithoutRetry() {
        store(1).create("default", Json.parseObject("{\"metadata\":{\"name\":\"fixed\"}}".getBytes()), false);
        assertThatThrownBy(() -> store(1).create("default",
                Json.parseObject("{\"metadata\":{\"name\":\"fixed\"}}".getBytes()), false))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().code()).isEqualTo(409));
    }
}
