package io.k3j.apiserver.registry.kinds;

import static io.k3j.apiserver.registry.kinds.Fixtures.obj;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodQosTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{}|BestEffort",
        "{\"requests\":{\"cpu\":\"0\"}}|BestEffort",
        "{\"requests\":{\"nvidia.com/gpu\":\"1\"},\"limits\":{\"nvidia.com/gpu\":\"1\"}}|BestEffort",
        "{\"requests\":{\"cpu\":\"100m\"}}|Burstable",
        "{\"limits\":{\"cpu\":\"1\"},\"requests\":{\"cpu\":\"1\"}}|Burstable",
        "{\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"},\"requests\":{\"cpu\":\"1000m\",\"memory\":\"1024Mi\"}}"
                + "|Guaranteed",
        "{\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"},\"requests\":{\"cpu\":\"500m\",\"memory\":\"1Gi\"}}"
                + "|Burstable",
        "{\"limits\":{\"cpu\":\"0.5\",\"memory\":\"1e9\"},\"requests\":{\"cpu\":\"500m\",\"memory\":\"1G\"}}"
                + "|Guaranteed"})
    void classifiesOneContainer(String resources, String qos) {
        assertThat(PodQos.of(obj("{\"containers\":[{\"name\":\"c\",\"resources\":" + resources + "}]}")))
                .isEqualTo(qos);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"cpu\":\"1\",\"memory\":\"1Gi\"}|{\"cpu\":\"1\",\"memory\":\"1Gi\"}|Guaranteed",
        "{\"cpu\":\"1\",\"memory\":\"1Gi\"}|{}|Burstable"})
    void everyContainerCountsIncludingInitContainers(String app, String init, String qos) {
        String spec = "{\"containers\":[{\"name\":\"a\",\"resources\":{\"limits\":" + app + ",\"requests\":" + app
                + "}}],\"initContainers\":[{\"name\":\"i\",\"resources\":{\"limits\":" + init + ",\"requests\":"
                + init + "}}]}";
        assertThat(PodQos.of(obj(spec))).isEqualTo(qos);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"},\"requests\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}}|Guaranteed",
        "{\"requests\":{\"cpu\":\"1\"}}|Burstable"})
    void podLevelResourcesTakePrecedence(String podResources, String qos) {
        assertThat(PodQos.of(obj("{\"resources\":" + podResources + ",\"containers\":[{\"name\":\"c\"}]}")))
                .isEqualTo(qos);
    }
}
