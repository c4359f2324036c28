package io.k3j.apiserver.registry.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.apiserver.registry.BuiltinResources;
import io.k3j.apiserver.registry.ResourceType;
import io.k3j.apiserver.registry.Strategy;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BuiltinWiringTest {

    @Test
    void workloadKindsUseTheirStrategies() {
        Map<String, Strategy> byResource = BuiltinResources.all().stream()
                .filter(t -> !t.resource().equals("events") || t.group().isEmpty())
                .collect(Collectors.toMap(ResourceType::qualifiedResource, ResourceType::strategy));
        assertThat(byResource.get("pods")).isInstanceOf(PodStrategy.class);
        assertThat(byResource.get("services")).isInstanceOf(ServiceStrategy.class);
        assertThat(byResource.get("secrets")).isInstanceOf(SecretStrategy.class);
        assertThat(byResource.get("configmaps")).isInstanceOf(ConfigMapStrategy.class);
        assertThat(byResource.get("replicationcontrollers")).isInstanceOf(ReplicationControllerStrategy.class);
        assertThat(byResource.get("deployments.apps")).isInstanceOf(DeploymentStrategy.class);
        assertThat(byResource.get("replicasets.apps")).isInstanceOf(ReplicaSetStrategy.class);
        assertThat(byResource.get("statefulsets.apps")).isInstanceOf(StatefulSetStrategy.class);
        assertThat(byResource.get("daemonsets.apps")).isInstanceOf(DaemonSetStrategy.class);
        assertThat(byResource.get("jobs.batch")).isInstanceOf(JobStrategy.class);
        assertThat(byResource.get("cronjobs.batch")).isInstanceOf(CronJobStrategy.class);
        assertThat(byResource.get("serviceaccounts")).isSameAs(Strategy.DEFAULT);
    }
}
