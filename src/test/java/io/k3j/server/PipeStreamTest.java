package io.k3j.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.k3j.api.Json;
import io.k3j.client.Transport;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class PipeStreamTest {

    private static final byte[] LINE = "{\"type\":\"BOOKMARK\",\"object\":{}}\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void eventsReachAChunkReaderAsTheServersObjects() {
        PipeStream pipe = new PipeStream(200, Map.of());
        ObjectNode pod = Json.object().put("kind", "Pod");
        assertTrue(pipe.writeEvent("ADDED", pod, () -> {
            throw new AssertionError("an in-process reader needs no JSON");
        }));
        assertTrue(pipe.write(LINE));
        pipe.finish();
        Transport.SharedEvent e = (Transport.SharedEvent) pipe.nextChunk();
        assertEquals("ADDED", e.type());
        assertSame(pod, e.object());
        assertArrayEquals(LINE, (byte[]) pipe.nextChunk());
        assertNull(pipe.nextChunk());
        assertNull(pipe.nextChunk());
    }

    @Test
    void aBodyReaderGetsEventsAsJsonLines() throws Exception {
        PipeStream pipe = new PipeStream(200, Map.of());
        pipe.writeEvent("MODIFIED", Json.object().put("kind", "Pod"), () -> new byte[0]);
        pipe.write(LINE);
        pipe.finish();
        String body = new String(pipe.body().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"Pod\"}}\n" + new String(LINE, StandardCharsets.UTF_8),
                body);
    }

    @Test
    void closingEndsAReaderAndRefusesWrites() {
        PipeStream pipe = new PipeStream(200, Map.of());
        boolean[] ran = new boolean[1];
        pipe.onClose(() -> ran[0] = true);
        pipe.close();
        assertTrue(ran[0]);
        assertNull(pipe.nextChunk());
        assertEquals(false, pipe.write(LINE));
    }
}
