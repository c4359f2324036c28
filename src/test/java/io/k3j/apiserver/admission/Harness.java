package io.k3j.apiserver.admission;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.apiserver.registry.Admission;
import io.k3j.apiserver.registry.BuiltinResources;
import io.k3j.apiserver.registry.GenericStore;
import io.k3j.apiserver.registry.Registry;
import io.k3j.storage.Backend;
import io.k3j.storage.sql.SqlBackend;
import io.k3j.storage.sql.SqlOptions;
import io.k3j.storage.sql.SqliteDialect;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A registry over a temporary SQLite datastore with the built-in admission chain installed, as the server wires it. */
abstract class Harness {

    @TempDir
    Path dir;

    Backend backend;
    Registry registry;
    QuotaController quotas;

    @BeforeEach
    void startRegistry() {
        backend = SqlBackend.open(SqliteDialect.open(dir.resolve("state.db")), SqlOptions.defaults());
        registry = new Registry(backend, Clock.systemUTC(), BuiltinResources.all());
        registry.start();
        quotas = new QuotaController(registry, Clock.systemUTC());
        List<AdmissionPlugin> plugins = Plugins.builtin(registry, quotas, Clock.systemUTC());
        for (GenericStore s : registry.stores()) {
            Admission chain = Plugins.chainFor(s.type(), plugins);
            s.setAdmission(chain);
        }
        quotas.start();
        new DefaultServiceAccounts(registry).start();
        namespace("ns");
    }

    @AfterEach
    void stopRegistry() {
        quotas.close();
        registry.close();
        backend.close();
    }

    void namespace(String name) {
        core("namespaces").create(null, obj("{\"metadata\":{\"name\":\"" + name + "\"}}"), false);
    }

    GenericStore core(String resource) {
        return registry.core(resource);
    }

    GenericStore store(String group, String resource) {
        return registry.store(group, "v1", resource);
    }

    ObjectNode create(String resource, String json) {
        return core(resource).create("ns", obj(json), false);
    }

    static ObjectNode obj(String json) {
        return Json.parseObject(json.getBytes());
    }

    static ObjectNode pod(String name, String containersJson) {
        return obj("{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"containers\":" + containersJson + "}}");
    }

    /** Asserts a 403 with exactly {@code message}. */
    static void forbidden(ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> {
            org.assertj.core.api.Assertions.assertThat(e.status().code()).isEqualTo(403);
            org.assertj.core.api.Assertions.assertThat(e.status().reason()).isEqualTo("Forbidden");
            org.assertj.core.api.Assertions.assertThat(e.status().message()).isEqualTo(message);
        });
    }
}
