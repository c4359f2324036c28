package io.k3j.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.scheduler.framework.Quantities;
import tools.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

class QuantitiesTest {

    static long milli(String s) {
        return Quantities.milli(JsonNodeFactory.instance.stringNode(s));
    }

    static long value(String s) {
        return Quantities.value(JsonNodeFactory.instance.stringNode(s));
    }

    @Test
    void cpuInMillicoresRoundedUp() {
        assertThat(milli("100m")).isEqualTo(100);
        assertThat(milli("1")).isEqualTo(1000);
        assertThat(milli("1.5")).isEqualTo(1500);
        assertThat(milli("0.0001")).isEqualTo(1);
        assertThat(milli("2e3")).isEqualTo(2_000_000);
        assertThat(Quantities.milli(JsonNodeFactory.instance.numberNode(2))).isEqualTo(2000);
    }

    @Test
    void bytesWithDecimalAndBinarySuffixes() {
        assertThat(value("128Mi")).isEqualTo(128L << 20);
        assertThat(value("1Gi")).isEqualTo(1L << 30);
        assertThat(value("1G")).isEqualTo(1_000_000_000L);
        assertThat(value("1.5Ki")).isEqualTo(1536);
        assertThat(value("100k")).isEqualTo(100_000);
        assertThat(value("500m")).isEqualTo(1);
    }

    @Test
    void malformedIsZero() {
        assertThat(value("lots")).isZero();
        assertThat(value("1Zi")).isZero();
        assertThat(value("")).isZero();
        assertThat(Quantities.parse("12xy")).isNull();
    }
}
