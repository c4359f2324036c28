package io.k3j.apiserver.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Members given twice in one object are found at any depth, by path. */
class DuplicateFieldsTest {

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void duplicatesAreReportedWithTheirPaths() {
        assertThat(DuplicateFields.find(json("""
                {"metadata":{"name":"a","name":"b"},"spec":{"containers":[{"image":"x"},
                 {"image":"y","ports":[1,2],"image":"z"}]},"spec":{}}"""))).containsExactly("metadata.name",
                "spec.containers[1].image", "spec");
    }

    @Test
    void distinctMembersInDifferentObjectsAreNotDuplicates() {
        assertThat(DuplicateFields.find(json("{\"a\":{\"x\":1},\"b\":{\"x\":1},\"c\":[{\"x\":1},{\"x\":2}]}"))).isEmpty();
        assertThat(DuplicateFields.find(json("not json"))).isEmpty();
    }
}
