package io.k3j.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** DefaultTolerationSeconds. */
class DefaultTolerationSecondsTest extends Harness {

    private ObjectNode tolerating(String name, String tolerations) {
        return core("pods").create("ns", obj("{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{"
                + "\"serviceAccountName\":\"default\",\"automountServiceAccountToken\":false,"
                + (tolerations == null ? "" : "\"tolerations\":" + tolerations + ",")
                + "\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}"), false);
    }

    @Test
    void newPodsTolerateNotReadyAndUnreachableForFiveMinutes() {
        assertThat(tolerating("plain", null).at("/spec/tolerations").toString()).isEqualTo("[{\"key\":"
                + "\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\","
                + "\"tolerationSeconds\":300},{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\","
                + "\"effect\":\"NoExecute\",\"tolerationSeconds\":300}]");

        ObjectNode own = tolerating("own", "[{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\","
                + "\"effect\":\"NoExecute\",\"tolerationSeconds\":7}]");
        assertThat(own.at("/spec/tolerations").size()).isEqualTo(2);
        assertThat(own.at("/spec/tolerations/0/tolerationSeconds").asInt(-1)).isEqualTo(7);
        assertThat(own.at("/spec/tolerations/1/key").asString("")).isEqualTo("node.kubernetes.io/not-ready");

        assertThat(tolerating("all", "[{\"operator\":\"Exists\"}]").at("/spec/tolerations").size()).isEqualTo(1);
    }
}
