package io.k3j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.ObjectNode;

class SmallOrderedMapTest {

    @Test
    void behavesLikeALinkedHashMapThroughRandomOperations() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            SmallOrderedMap small = new SmallOrderedMap();
            Map<String, JsonNode> expected = new LinkedHashMap<>();
            for (int op = 0; op < 100; op++) {
                String name = "k" + random.nextInt(30);
                JsonNode value = IntNode.valueOf(random.nextInt(5));
                switch (random.nextInt(6)) {
                    case 0, 1, 2 -> assertThat(small.put(name, value)).isEqualTo(expected.put(name, value));
                    case 3 -> assertThat(small.remove(name)).isEqualTo(expected.remove(name));
                    case 4 -> {
                        // values and names walk without entries; removal through them
                        Iterator<JsonNode> a = small.values().iterator();
                        Iterator<JsonNode> b = expected.values().iterator();
                        while (b.hasNext()) {
                            JsonNode vb = b.next();
                            assertThat(a.next()).isSameAs(vb);
                            if (vb.asInt() == 4) {
                                b.remove();
                                a.remove();
                            }
                        }
                        assertThat(a.hasNext()).isFalse();
                        Iterator<String> keys = small.keySet().iterator();
                        if (keys.hasNext() && random.nextBoolean()) {
                            String first = keys.next();
                            keys.remove();
                            expected.remove(first);
                        }
                    }
                    default -> {
                        Iterator<Map.Entry<String, JsonNode>> a = small.entrySet().iterator();
                        Iterator<Map.Entry<String, JsonNode>> b = expected.entrySet().iterator();
                        while (b.hasNext()) {
                            Map.Entry<String, JsonNode> eb = b.next();
                            Map.Entry<String, JsonNode> ea = a.next();
                            assertThat(ea.getKey()).isEqualTo(eb.getKey());
                            if (eb.getValue().asInt() == 0) {
                                b.remove();
                                a.remove();
                            } else if (eb.getValue().asInt() == 1) {
                                eb.setValue(IntNode.valueOf(9));
                                ea.setValue(IntNode.valueOf(9));
                            }
                        }
                        assertThat(a.hasNext()).isFalse();
                    }
                }
                assertThat(small.size()).isEqualTo(expected.size());
                assertThat(new ArrayList<>(small.keySet())).isEqualTo(new ArrayList<>(expected.keySet()));
                assertThat(small).isEqualTo(expected);
                assertThat(expected).isEqualTo(small);
                assertThat(small.hashCode()).isEqualTo(expected.hashCode());
                assertThat(small.get(name)).isEqualTo(expected.get(name));
                assertThat(small.containsKey(name)).isEqualTo(expected.containsKey(name));
            }
        }
    }

    @Test
    void modificationDuringIterationIsCaught() {
        SmallOrderedMap m = new SmallOrderedMap();
        m.put("a", IntNode.valueOf(1));
        m.put("b", IntNode.valueOf(2));
        Iterator<Map.Entry<String, JsonNode>> it = m.entrySet().iterator();
        it.next();
        m.put("c", IntNode.valueOf(3));
        assertThatThrownBy(it::next).isInstanceOf(java.util.ConcurrentModificationException.class);
        List<String> seen = new ArrayList<>();
        m.forEach((k, v) -> seen.add(k));
        assertThat(seen).containsExactly("a", "b", "c");
    }

    @Test
    void treesFromTheMapperUseItAndStillCompareWithOtherTrees() {
        byte[] json = "{\"b\":1,\"a\":{\"x\":[1,{\"y\":{}}]},\"c\":\"s\"}".getBytes(StandardCharsets.UTF_8);
        ObjectNode parsed = (ObjectNode) Json.tree(json);
        ObjectNode plain = (ObjectNode) tools.jackson.databind.json.JsonMapper.builder().build().readTree(json);
        assertThat(parsed).isEqualTo(plain);
        assertThat(plain).isEqualTo(parsed);
        assertThat(Json.string(parsed)).isEqualTo("{\"b\":1,\"a\":{\"x\":[1,{\"y\":{}}]},\"c\":\"s\"}");
        ObjectNode copy = parsed.deepCopy();
        ((ObjectNode) copy.get("a")).put("z", true);
        assertThat(parsed.at("/a/z").isMissingNode()).isTrue();
        ObjectNode many = Json.object();
        for (int i = 0; i < 40; i++) {
            many.put("f" + i, i);
        }
        many.remove("f3");
        assertThat(many.size()).isEqualTo(39);
        assertThat(many.propertyNames().iterator().next()).isEqualTo("f0");
        assertThat(Json.tree(Json.bytes(many))).isEqualTo(many);
    }

    @Test
    void aFrozenTreeRefusesEveryChangeButItsCopiesDoNot() {
        byte[] json = ("{\"metadata\":{\"name\":\"a\",\"labels\":{\"x\":\"1\"}},\"spec\":{\"list\":[1,{\"y\":2}]}}")
                .getBytes(StandardCharsets.UTF_8);
        ObjectNode tree = (ObjectNode) Json.tree(json);
        ObjectNode many = tree.putObject("many");
        for (int i = 0; i < 20; i++) {
            many.put("f" + i, i);
        }
        assertThat(Json.frozen(tree)).isFalse();
        assertThat(Json.freeze(tree)).isSameAs(tree);
        assertThat(Json.frozen(tree)).isTrue();
        assertThat(Json.frozen(tree.at("/spec/list"))).isTrue();
        assertThat(Json.frozen(tree.at("/spec/list/1"))).isTrue();

        ObjectNode labels = (ObjectNode) tree.at("/metadata/labels");
        tools.jackson.databind.node.ArrayNode list = (tools.jackson.databind.node.ArrayNode) tree.at("/spec/list");
        List<Runnable> changes = List.of(
                () -> tree.put("new", 1),
                () -> tree.remove("spec"),
                () -> tree.removeAll(),
                () -> labels.put("x", "2"),
                () -> labels.properties().iterator().next().setValue(IntNode.valueOf(1)),
                () -> {
                    Iterator<Map.Entry<String, JsonNode>> it = labels.properties().iterator();
                    it.next();
                    it.remove();
                },
                () -> {
                    Iterator<JsonNode> it = labels.values().iterator();
                    it.next();
                    it.remove();
                },
                () -> {
                    Iterator<JsonNode> it = SmallOrderedMap.of(many).values().iterator();
                    it.next();
                    it.remove();
                },
                () -> {
                    Iterator<String> it = SmallOrderedMap.of(many).keySet().iterator();
                    it.next();
                    it.remove();
                },
                () -> list.add(3),
                () -> list.set(0, IntNode.valueOf(5)),
                () -> list.remove(0),
                () -> list.removeAll(),
                () -> ((ObjectNode) list.get(1)).put("z", 1),
                () -> many.put("f1", 7),
                () -> many.remove("f2"),
                () -> many.properties().iterator().next().setValue(IntNode.valueOf(1)));
        assertThat(many.remove("absent")).isNull();
        // putting what is there already is no change
        labels.put("x", "1");
        many.put("f1", 1);
        list.set(0, IntNode.valueOf(1));
        assertThat(tree.at("/metadata/labels/x").asString()).isEqualTo("1");
        assertThat(labels.remove("absent")).isNull();
        for (Runnable change : changes) {
            assertThatThrownBy(change::run).isInstanceOf(UnsupportedOperationException.class);
        }
        assertThat(Json.tree(json).equals(tree)).isFalse(); // "many" was added before freezing
        assertThat(Json.string(tree)).startsWith("{\"metadata\":{\"name\":\"a\",\"labels\":{\"x\":\"1\"}},"
                + "\"spec\":{\"list\":[1,{\"y\":2}]},\"many\":{\"f0\":0,");

        ObjectNode copy = tree.deepCopy();
        assertThat(copy).isEqualTo(tree);
        assertThat(Json.frozen(copy)).isFalse();
        ((ObjectNode) copy.at("/metadata/labels")).put("x", "2");
        ((tools.jackson.databind.node.ArrayNode) copy.at("/spec/list")).add(3);
        ((ObjectNode) copy.get("many")).remove("f2");
        assertThat(tree.at("/metadata/labels/x").asString()).isEqualTo("1");
        assertThat(tree.at("/spec/list").size()).isEqualTo(2);
        assertThat(tree.get("many").size()).isEqualTo(20);
    }

    @Test
    void arraysFromTheFactoryBehaveLikeLists() {
        tools.jackson.databind.node.ArrayNode a = Json.object().putArray("a");
        for (int i = 0; i < 10; i++) {
            a.add(i);
        }
        a.insert(0, -1);
        a.remove(5);
        a.set(1, IntNode.valueOf(42));
        assertThat(Json.string(a)).isEqualTo("[-1,42,1,2,3,5,6,7,8,9]");
        assertThat(a).isEqualTo(tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree("[-1,42,1,2,3,5,6,7,8,9]"));
        assertThat(a.deepCopy()).isEqualTo(a);
        a.removeAll();
        assertThat(a.isEmpty()).isTrue();
        assertThat(a.get(0)).isNull();
    }
}
