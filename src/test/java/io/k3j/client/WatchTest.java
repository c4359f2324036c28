package io.k3j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class WatchTest {

    /** A body that returns at most {@code step} bytes per read, to split lines anywhere. */
    private static Transport.Stream bytes(byte[] body, int step) {
        return new Transport.Stream() {
            int pos;

            @Override
            public int status() {
                return 200;
            }

            @Override
            public Map<String, String> headers() {
                return Map.of();
            }

            @Override
            public InputStream body() {
                return new InputStream() {
                    @Override
                    public int read() {
                        return pos < body.length ? body[pos++] & 0xff : -1;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        if (pos >= body.length) {
                            return -1;
                        }
                        int n = Math.min(Math.min(len, step), body.length - pos);
                        System.arraycopy(body, pos, b, off, n);
                        pos += n;
                        return n;
                    }
                };
            }

            @Override
            public void close() {
            }
        };
    }

    private static Transport.Stream chunks(Object... items) {
        Deque<Object> queue = new ArrayDeque<>(List.of(items));
        return new Transport.Stream() {
            @Override
            public int status() {
                return 200;
            }

            @Override
            public Map<String, String> headers() {
                return Map.of();
            }

            @Override
            public InputStream body() {
                throw new AssertionError("a chunked stream is read by chunks");
            }

            @Override
            public boolean chunked() {
                return true;
            }

            @Override
            public Object nextChunk() {
                return queue.poll();
            }

            @Override
            public void close() {
            }
        };
    }

    private static String event(String type, String name, int rv, int padding) {
        return "{\"type\":\"" + type + "\",\"object\":{\"metadata\":{\"name\":\"" + name + "\",\"resourceVersion\":\""
                + rv + "\"},\"data\":{\"x\":\"" + "y".repeat(padding) + "\"}}}";
    }

    private static List<String> names(Watch w) {
        List<String> names = new ArrayList<>();
        while (w.hasNext()) {
            WatchEvent e = w.next();
            names.add(e.type() + " " + e.object().path("metadata").path("name").asString());
        }
        return names;
    }

    @Test
    void readsLinesSplitAnywhereIncludingLongOnesAndALastLineWithoutNewline() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((event("ADDED", "a", 5, 10) + "\n\n  \n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes((event("MODIFIED", "b", 6, 40_000) + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(event("DELETED", "c", 7, 3).getBytes(StandardCharsets.UTF_8));
        for (int step : new int[]{1, 7, 4096, 1 << 20}) {
            Watch w = new Watch(bytes(out.toByteArray(), step), "1");
            assertEquals(List.of("ADDED a", "MODIFIED b", "DELETED c"), names(w), "step " + step);
            assertEquals("7", w.resourceVersion());
        }
    }

    @Test
    void anErrorEventEndsTheWatchWithItsStatus() {
        String error = "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                + "\"message\":\"too old resource version: 1 (5)\",\"reason\":\"Expired\",\"code\":410}}\n";
        Watch w = new Watch(bytes((event("ADDED", "a", 5, 1) + "\n" + error).getBytes(StandardCharsets.UTF_8), 3), "1");
        assertTrue(w.hasNext());
        w.next();
        ApiException e = assertThrows(ApiException.class, w::hasNext);
        assertEquals(410, e.status().code());
        assertFalse(w.hasNext());
    }

    @Test
    void sharedEventsArriveAsPrivateCopies() {
        ObjectNode shared = (ObjectNode) Json.tree(("{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"9\"},"
                + "\"spec\":{\"n\":1}}").getBytes(StandardCharsets.UTF_8));
        Watch w = new Watch(chunks(new Transport.SharedEvent("ADDED", shared),
                (event("MODIFIED", "b", 10, 1) + "\n").getBytes(StandardCharsets.UTF_8)), "1");
        assertTrue(w.hasNext());
        WatchEvent first = w.next();
        assertEquals(shared, first.object());
        ((ObjectNode) first.object().get("spec")).put("n", 2);
        assertEquals(1, shared.path("spec").path("n").asInt(), "the server's object was changed through the event");
        assertEquals("9", w.resourceVersion());
        assertEquals(List.of("MODIFIED b"), names(w));
        assertEquals("10", w.resourceVersion());
    }

    @Test
    void aReaderThatDropsManagedFieldsGetsCopiesWithoutThem() {
        ObjectNode shared = (ObjectNode) Json.tree(("{\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\","
                + "\"managedFields\":[{\"manager\":\"m\"}],\"labels\":{\"x\":\"y\"},\"resourceVersion\":\"3\"},"
                + "\"spec\":{\"n\":1}}").getBytes(StandardCharsets.UTF_8));
        Watch w = new Watch(chunks(new Transport.SharedEvent("ADDED", shared)), "1");
        w.withoutManagedFields();
        ObjectNode got = w.next().object();
        assertEquals("{\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\",\"labels\":{\"x\":\"y\"},"
                + "\"resourceVersion\":\"3\"},\"spec\":{\"n\":1}}", got.toString());
        ((ObjectNode) got.get("metadata").get("labels")).put("x", "z");
        assertEquals("y", shared.path("metadata").path("labels").path("x").asString());
        assertTrue(shared.path("metadata").has("managedFields"));
    }
}
