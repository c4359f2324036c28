package io.k3j.apiserver.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The schema file format and the built-in schema it describes. */
class SchemaFilesTest {

    @Test
    void theBuiltInSchemaLoadsAndEveryReferenceResolves() {
        Schema s = Schema.builtin();
        TypeSchema meta = s.type("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
        assertThat(meta).isNotNull();
        assertThat(meta.protoField(1).json()).isEqualTo("name");
        assertThat(meta.field("creationTimestamp").type()).isEqualTo(ValueType.Special.TIME);
        FieldSchema owners = meta.field("ownerReferences");
        assertThat(owners.listType()).isEqualTo("map");
        assertThat(owners.listMapKeys()).containsExactly("uid");
        assertThat(owners.patchStrategy()).isEqualTo("merge");
        assertThat(owners.patchMergeKey()).isEqualTo("uid");
        assertThat(owners.type()).isEqualTo(new ValueType.ListOf(
                new ValueType.Ref("io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference")));
        assertThat(s.type("io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference").atomic()).isTrue();
    }

    @Test
    void packagesImportsKindsAndMarkersAreRead() {
        SchemaFiles f = new SchemaFiles();
        f.parse("t", """
                # comment
                package io.example.v1
                import meta io.k8s.apimachinery.pkg.apis.meta.v1
                type Thing "A \\"thing\\"."
                  metadata meta.ObjectMeta 1 "Standard metadata."
                  sizes map[Quantity] 2
                  items []Item 3 list=map keys=name,port patch=merge mergeKey=name
                  count int32 4 ptr req
                type Item atomic
                  name string 1
                  port int32 2
                kind example.io/v1 Thing Thing
                """);
        SchemaFiles.Parsed p = f.parsed();
        TypeSchema thing = p.types().get("io.example.v1.Thing");
        assertThat(thing.description()).isEqualTo("A \"thing\".");
        assertThat(thing.field("metadata").type())
                .isEqualTo(new ValueType.Ref("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
        assertThat(thing.field("sizes").type()).isEqualTo(new ValueType.MapOf(ValueType.Special.QUANTITY));
        assertThat(thing.field("items").listMapKeys()).containsExactly("name", "port");
        assertThat(thing.field("count").pointer()).isTrue();
        assertThat(thing.field("count").required()).isTrue();
        assertThat(thing.protoField(4).json()).isEqualTo("count");
        assertThat(p.types().get("io.example.v1.Item").atomic()).isTrue();
        assertThat(p.kinds()).containsEntry("example.io/v1 Thing", "io.example.v1.Thing");
    }

    @Test
    void mistakesAreReportedWithTheirLine() {
        assertThatThrownBy(() -> new SchemaFiles().parse("f", "package p\ntype T\n  a string 1\n  b string 1\n"))
                .hasMessageContaining("f:4").hasMessageContaining("protobuf number 1 used twice");
        assertThatThrownBy(() -> new SchemaFiles().parse("f", "package p\ntype T\n  a []string 1 list=map\n"))
                .hasMessageContaining("f:3").hasMessageContaining("keys=");
        assertThatThrownBy(() -> new SchemaFiles().parse("f", "package p\ntype T\n  a string 1 bogus\n"))
                .hasMessageContaining("unknown marker bogus");
        assertThatThrownBy(() -> new SchemaFiles().parse("f", "  a string 1\n"))
                .hasMessageContaining("field outside a type");
    }
}
