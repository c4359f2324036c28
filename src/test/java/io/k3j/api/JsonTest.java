package io.k3j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

class JsonTest {

    private static JsonNode tree(String json) {
        return Json.tree(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String firstName(JsonNode n) {
        Iterator<String> names = n.propertyNames().iterator();
        return names.next();
    }

    @Test
    void treesShareTheSchemasPropertyNames() {
        JsonNode a = tree("{\"metadata\":{\"name\":\"a\"}}");
        JsonNode b = tree("{\"metadata\":{\"name\":\"b\"}}");
        assertEquals("a", a.path("metadata").path("name").asString());
        assertSame(firstName(a), firstName(b));
        assertSame(firstName(a.get("metadata")), firstName(b.get("metadata")));
    }

    @Test
    void theNameTableStartsAgainWhenFull() {
        BoundedNameJsonFactory factory = new BoundedNameJsonFactory();
        tools.jackson.databind.json.JsonMapper mapper = tools.jackson.databind.json.JsonMapper.builder(factory).build();
        for (int i = 0; i < 3 * BoundedNameJsonFactory.MAX_NAMES; i++) {
            JsonNode n = mapper.readTree(("{\"k:{\\\"ip\\\":\\\"10.42.0." + i + "\\\"}\":{}}")
                    .getBytes(StandardCharsets.UTF_8));
            assertEquals("k:{\"ip\":\"10.42.0." + i + "\"}", firstName(n));
            assertTrue(factory.size() <= BoundedNameJsonFactory.MAX_NAMES + 1, "table holds " + factory.size());
        }
        assertTrue(factory.size() > 0);
    }

    @Test
    void trailingContentAndEmptyInputAreRefused() {
        assertThrows(JacksonException.class, () -> tree("{\"a\":1} {\"b\":2}"));
        assertThrows(JacksonException.class, () -> tree("{\"a\":1"));
        assertTrue(tree("").isMissingNode());
        ApiException e = assertThrows(ApiException.class, () -> Json.parse("{\"a\":1} x".getBytes(StandardCharsets.UTF_8)));
        assertEquals(400, e.status().code());
        assertEquals(400, assertThrows(ApiException.class, () -> Json.parse(new byte[0])).status().code());
    }

    @Test
    void reparsedCopiesEqualWhatTheParserReadsBack() {
        tools.jackson.databind.node.ObjectNode o = Json.object();
        o.put("small", 5L).put("short", (short) 3).put("big", 1L << 40).put("huge", new java.math.BigInteger("123456789012345678901234567890"))
                .put("bigSmall", java.math.BigInteger.TEN).put("d", 0.5).put("s", "x").put("b", true).putNull("n");
        o.putArray("a").add(7L).addObject().put("g", 1L);
        tools.jackson.databind.node.ObjectNode copy = Json.reparsedCopy(o);
        JsonNode parsed = Json.tree(Json.bytes(o));
        assertEquals(parsed, copy);
        assertTrue(!o.equals(parsed), "the original's longs differ from the parsed ints");
        assertSame(o.get("s"), copy.get("s"));
        assertEquals(null, Json.reparsedCopy((tools.jackson.databind.node.ObjectNode) Json.object().put("f", 0.1f)));
        assertEquals(null, Json.reparsedCopy((tools.jackson.databind.node.ObjectNode) Json.object()
                .set("x", Json.object().put("dec", new java.math.BigDecimal("1.5")))));
    }

    @Test
    void reparsedCopiesShareFrozenSubtreesButNotTheTopLevelOrMetadata() {
        tools.jackson.databind.node.ObjectNode cached = Json.parseObject(
                "{\"metadata\":{\"name\":\"p\",\"labels\":{\"a\":\"b\"}},\"spec\":{\"n\":[1,2]}}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Json.freeze(cached);
        tools.jackson.databind.node.ObjectNode written = Json.shallowCopy(cached);
        tools.jackson.databind.node.ObjectNode status = Json.object();
        status.put("count", 3L);
        written.set("status", status);
        tools.jackson.databind.node.ObjectNode copy = Json.reparsedCopy(written);
        assertEquals(Json.tree(Json.bytes(written)), copy);
        assertSame(cached.get("spec"), copy.get("spec"), "a frozen subtree is shared");
        assertSame(cached.get("metadata").get("labels"), copy.get("metadata").get("labels"));
        assertTrue(copy.get("metadata") != cached.get("metadata") && !Json.frozen(copy.get("metadata")),
                "metadata is the copy's own, to take its resourceVersion");
        ((tools.jackson.databind.node.ObjectNode) copy.get("metadata")).put("resourceVersion", "7");
        assertTrue(copy.get("status").get("count").isInt(), "unfrozen parts are still reparsed");
    }

    @Test
    void sameJsonComparesNumbersByValue() {
        tools.jackson.databind.node.ObjectNode built = Json.object();
        built.put("n", 5L).put("s", "x").putArray("a").add(7L).add(1.5);
        JsonNode parsed = Json.tree(Json.bytes(built));
        assertTrue(!built.equals(parsed), "a long and an int differ for equals");
        assertTrue(Json.sameJson(built, parsed));
        assertTrue(Json.sameJson(null, null));
        assertTrue(!Json.sameJson(built, null));
        tools.jackson.databind.node.ObjectNode other = built.deepCopy().put("n", 6);
        assertTrue(!Json.sameJson(other, parsed));
        assertTrue(!Json.sameJson(Json.object().put("n", 5), Json.object().put("n", "5")), "a string is not a number");
        assertTrue(!Json.sameJson(Json.object().put("n", 5), Json.object().put("n", 5.0)),
                "an integer is not a float, as for the JSON they write");
    }
}
