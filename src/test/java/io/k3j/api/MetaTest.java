package io.k3j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class MetaTest {

    private static ObjectNode object(String json) {
        return Json.parseObject(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theLabelsViewReadsLikeTheCopiedMap() {
        ObjectNode pod = object("{\"metadata\":{\"labels\":{\"app\":\"web\",\"tier\":\"\",\"n\":3}}}");
        Map<String, String> view = Meta.labelsView(pod);
        assertEquals(Meta.labels(pod), view);
        assertEquals("web", view.get("app"));
        assertEquals("", view.get("tier"));
        assertEquals("3", view.get("n"));
        assertTrue(view.containsKey("tier"));
        assertFalse(view.containsKey("missing"));
        assertNull(view.get("missing"));
        assertTrue(LabelSelector.parse("app=web,tier,!missing").matches(view));
        assertFalse(LabelSelector.parse("app in (api)").matches(view));
        assertTrue(Meta.labelsView(object("{\"metadata\":{}}")).isEmpty());
    }
}
