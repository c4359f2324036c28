package io.k3j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.apiserver.http.ApiResponse;
import io.k3j.client.Transport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InProcessTransportTest {

    static Transport.Request get(String path) {
        return new Transport.Request("GET", path, Map.of(), Map.of(), new byte[0]);
    }

    @Test
    void objectsCrossAsPrivateCopiesInBothDirections() {
        tools.jackson.databind.node.ObjectNode held = io.k3j.api.Json.object().put("kind", "ConfigMap");
        java.util.concurrent.atomic.AtomicReference<tools.jackson.databind.node.ObjectNode> received =
                new java.util.concurrent.atomic.AtomicReference<>();
        InProcessTransport t = new InProcessTransport(r -> {
            received.set(r.object());
            r.object().put("changedByServer", true);
            return ApiResponse.jsonShared(201, held);
        });
        io.k3j.client.ApiClient client = new io.k3j.client.ApiClient(t);
        tools.jackson.databind.node.ObjectNode sent = io.k3j.api.Json.object();
        sent.putObject("metadata").put("name", "a");
        tools.jackson.databind.node.ObjectNode answer = client.create(io.k3j.client.Resource.core("configmaps"),
                "default", sent);
        assertThat(received.get()).isNotSameAs(sent);
        assertThat(sent.has("changedByServer")).isFalse();
        assertThat(answer).isEqualTo(held).isNotSameAs(held);
        answer.put("changedByClient", true);
        assertThat(held.has("changedByClient")).isFalse();
        // a client reading the bytes gets the same JSON
        Transport.Response raw;
        try {
            raw = t.send(new Transport.Request("POST", "/api/v1/namespaces/default/configmaps", Map.of(),
                    Map.of("content-type", "application/json"), null, sent));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(new String(raw.body(), StandardCharsets.UTF_8)).isEqualTo("{\"kind\":\"ConfigMap\"}");
        // an object the handler hands over reaches the client as it is
        tools.jackson.databind.node.ObjectNode own = io.k3j.api.Json.object().put("kind", "Secret");
        InProcessTransport handing = new InProcessTransport(r -> ApiResponse.json(200, own));
        assertThat(new io.k3j.client.ApiClient(handing).get(io.k3j.client.Resource.core("secrets"), "default", "s"))
                .isSameAs(own);
    }

    @Test
    void componentsNeverHoldMoreHandlersThanTheSharedPermits() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ComponentPermits permits = new ComponentPermits(2, 2);
        InProcessTransport a = new InProcessTransport(r -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            release.await(10, TimeUnit.SECONDS);
            inside.decrementAndGet();
            return ApiResponse.text(200, "ok");
        }, InProcessTransport.IDENTITY, "one/1", permits);
        InProcessTransport b = new InProcessTransport(r -> ApiResponse.text(200, "b"), InProcessTransport.IDENTITY,
                "two/1", permits);
        List<Thread> senders = List.of(
                Thread.ofVirtual().start(() -> send(a)), Thread.ofVirtual().start(() -> send(a)),
                Thread.ofVirtual().start(() -> send(a)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (inside.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(100);
        assertThat(inside.get()).isEqualTo(2);
        // another component sharing the permits waits as well
        Map<String, String> answers = new ConcurrentHashMap<>();
        Thread other = Thread.ofVirtual().start(() -> answers.put("b", send(b)));
        Thread.sleep(100);
        assertThat(answers).isEmpty();
        release.countDown();
        for (Thread t : senders) {
            t.join(5000);
        }
        other.join(5000);
        assertThat(answers).containsEntry("b", "b");
        assertThat(most.get()).isEqualTo(2);
        assertThat(permits.inUse()).isZero();
    }

    @Test
    void theUserAgentNamesTheComponentUnlessTheRequestHasOne() throws Exception {
        Map<String, String> seen = new ConcurrentHashMap<>();
        InProcessTransport t = new InProcessTransport(r -> {
            seen.put(r.path(), r.header("user-agent"));
            return ApiResponse.text(200, "ok");
        }, InProcessTransport.IDENTITY, "kube-scheduler/v1", null);
        t.send(get("/a"));
        t.send(new Transport.Request("GET", "/b", Map.of(), Map.of("User-Agent", "mine/2"), new byte[0]));
        assertThat(seen).containsEntry("/a", "kube-scheduler/v1").containsEntry("/b", "mine/2");
    }

    static String send(Transport t) {
        try {
            return new String(t.send(get("/x")).body(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
