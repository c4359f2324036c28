package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A K3s user's workload commands, unchanged, against a server with three simulated nodes: the
 * scheduler, the workload controllers, the garbage collector, disruption and namespace deletion
 * working together, seen through kubectl 1.33. Each test uses its own namespace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkloadsIT {

    private K3sProcess k3s;
    private Kubectl k;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        k3s = new K3sProcess(dir).start("--disable-agent", "--simulated-nodes", "3");
        k = new Kubectl(Kubectl.binary("1.33"), k3s.kubeconfig);
        k.ok("wait", "--for=condition=Ready", "node", "--all", "--timeout=30s");
    }

    @AfterAll
    void stop() throws Exception {
        k3s.close();
    }

    private void namespace(String ns) throws Exception {
        k.ok("create", "namespace", ns);
        await().atMost(Duration.ofSeconds(10)).until(() -> k.run("get", "serviceaccount", "default", "-n", ns).exit() == 0);
    }

    @Test
    void deploymentRollsOutScalesUpdatesAndRollsBack() throws Exception {
        namespace("deploy");
        k.ok("create", "deployment", "web", "--image=busybox:1.36", "--replicas=3", "-n", "deploy");
        assertThat(k.ok("rollout", "status", "deployment/web", "-n", "deploy", "--timeout=60s"))
                .contains("successfully rolled out");
        assertThat(k.ok("get", "deployment", "web", "-n", "deploy", "-o", "jsonpath={.status.readyReplicas}/{.status.replicas}"))
                .isEqualTo("3/3");

        k.ok("scale", "deployment/web", "--replicas=10", "-n", "deploy");
        k.ok("rollout", "status", "deployment/web", "-n", "deploy", "--timeout=60s");
        assertThat(k.ok("get", "pods", "-n", "deploy", "-l", "app=web", "--field-selector=status.phase=Running", "-o", "name")
                .lines().count()).isEqualTo(10);

        k.ok("set", "image", "deployment/web", "busybox=busybox:1.37", "-n", "deploy");
        assertThat(k.ok("rollout", "status", "deployment/web", "-n", "deploy", "--timeout=90s"))
                .contains("successfully rolled out");
        assertThat(k.ok("get", "pods", "-n", "deploy", "-l", "app=web", "-o",
                "jsonpath={range .items[*]}{.spec.containers[0].image}{\"\\n\"}{end}").lines().distinct().toList())
                .containsExactly("busybox:1.37");
        assertThat(k.ok("rollout", "history", "deployment/web", "-n", "deploy")).contains("1 ", "2 ");

        k.ok("rollout", "undo", "deployment/web", "-n", "deploy");
        k.ok("rollout", "status", "deployment/web", "-n", "deploy", "--timeout=90s");
        assertThat(k.ok("get", "deployment", "web", "-n", "deploy", "-o", "jsonpath={.spec.template.spec.containers[0].image}"))
                .isEqualTo("busybox:1.36");
        assertThat(k.ok("rollout", "history", "deployment/web", "-n", "deploy")).contains("2 ", "3 ");

        k.ok("delete", "deployment", "web", "-n", "deploy");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(k.ok("get", "replicasets", "-n", "deploy", "-o", "name")).isEmpty();
            assertThat(k.ok("get", "pods", "-n", "deploy", "-o", "name")).isEmpty();
        });
    }

    @Test
    void jobRunsToCompletionWithBoundedParallelism() throws Exception {
        namespace("jobs");
        k.runWithInput("""
                apiVersion: batch/v1
                kind: Job
                metadata: {name: five}
                spec:
                  completions: 5
                  parallelism: 2
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: c, image: busybox, command: ["true"]}]
                """, "apply", "-n", "jobs", "-f", "-");
        assertThat(k.ok("wait", "--for=condition=complete", "job/five", "-n", "jobs", "--timeout=90s"))
                .contains("condition met");
        assertThat(k.ok("get", "job", "five", "-n", "jobs", "-o", "jsonpath={.status.succeeded}")).isEqualTo("5");
    }

    @Test
    void cronJobCreatesJobsOnSchedule() throws Exception {
        namespace("cron");
        k.ok("create", "cronjob", "tick", "--image=busybox", "--schedule=*/1 * * * *", "-n", "cron", "--", "true");
        k.ok("create", "job", "manual", "--from=cronjob/tick", "-n", "cron");
        assertThat(k.ok("wait", "--for=condition=complete", "job/manual", "-n", "cron", "--timeout=60s"))
                .contains("condition met");
        // the scheduled run: a Job named <cronjob>-<minutes since the epoch>
        await().atMost(Duration.ofSeconds(75)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(k.ok("get", "jobs", "-n", "cron", "-o", "name")).containsPattern("job.batch/tick-\\d{8}"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(k.ok("get", "cronjob", "tick", "-n", "cron", "-o", "jsonpath={.status.lastScheduleTime}"))
                        .isNotEmpty());
    }

    @Test
    void daemonSetPlacesOnePodPerNodeAndRespectsNoScheduleTaints() throws Exception {
        namespace("daemons");
        k.ok("taint", "node", "sim-2", "dedicated=db:NoSchedule");
        try {
            k.runWithInput("""
                    apiVersion: apps/v1
                    kind: DaemonSet
                    metadata: {name: agent}
                    spec:
                      selector: {matchLabels: {app: agent}}
                      template:
                        metadata: {labels: {app: agent}}
                        spec:
                          containers: [{name: c, image: busybox}]
                    """, "apply", "-n", "daemons", "-f", "-");
            k.ok("rollout", "status", "daemonset/agent", "-n", "daemons", "--timeout=60s");
            assertThat(k.ok("get", "pods", "-n", "daemons", "-o",
                    "jsonpath={range .items[*]}{.spec.nodeName}{\"\\n\"}{end}").lines().sorted().toList())
                    .containsExactly("sim-0", "sim-1");
            assertThat(k.ok("get", "daemonset", "agent", "-n", "daemons", "-o",
                    "jsonpath={.status.desiredNumberScheduled} {.status.numberReady}")).isEqualTo("2 2");
        } finally {
            k.ok("taint", "node", "sim-2", "dedicated=db:NoSchedule-");
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(k.ok("get", "daemonset", "agent", "-n", "daemons", "-o",
                        "jsonpath={.status.numberReady}")).isEqualTo("3"));
    }

    @Test
    void unschedulablePodShowsUpstreamsFailedSchedulingMessage() throws Exception {
        namespace("unsched");
        k.runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata: {name: huge}
                spec:
                  containers:
                  - name: c
                    image: busybox
                    resources: {requests: {cpu: "64"}}
                """, "apply", "-n", "unsched", "-f", "-");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(k.ok("describe", "pod", "huge", "-n", "unsched"))
                        .contains("FailedScheduling")
                        .contains("0/3 nodes are available: 3 Insufficient cpu."));
        assertThat(k.ok("get", "pod", "huge", "-n", "unsched", "-o", "jsonpath={.status.phase}")).isEqualTo("Pending");
    }

    @Test
    void deletingANamespaceLeavesNothingBehind() throws Exception {
        namespace("doomed");
        k.ok("create", "deployment", "web", "--image=busybox", "--replicas=2", "-n", "doomed");
        k.ok("create", "configmap", "settings", "--from-literal=a=b", "-n", "doomed");
        k.ok("create", "service", "clusterip", "web", "--tcp=80:80", "-n", "doomed");
        k.ok("rollout", "status", "deployment/web", "-n", "doomed", "--timeout=60s");
        k.ok("delete", "namespace", "doomed", "--timeout=60s");
        assertThat(k.run("get", "namespace", "doomed").all()).contains("NotFound");
        assertThat(k.ok("get", "pods,replicasets,deployments,configmaps,services,endpoints,endpointslices",
                "-A", "--field-selector=metadata.namespace=doomed", "-o", "name")).isEmpty();
    }

    @Test
    void podsOfANodeThatStopsHeartbeatingAreRescheduledAfterTheirToleration() throws Exception {
        namespace("moving");
        k.runWithInput("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: mover}
                spec:
                  replicas: 3
                  selector: {matchLabels: {app: mover}}
                  template:
                    metadata: {labels: {app: mover}}
                    spec:
                      tolerations:
                      - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
                      - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
                      containers: [{name: c, image: busybox}]
                """, "apply", "-n", "moving", "-f", "-");
        k.ok("rollout", "status", "deployment/mover", "-n", "moving", "--timeout=60s");
        String victim = k.ok("get", "pods", "-n", "moving", "-l", "app=mover", "-o", "jsonpath={.items[0].spec.nodeName}");
        assertThat(victim).startsWith("sim-");
        k.ok("annotate", "node", victim, "k3j.io/simulated-heartbeat=false");
        try {
            // upstream's node-monitor-grace-period (40 s) without a lease renewal, then the taint
            await().atMost(Duration.ofSeconds(75)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                assertThat(k.ok("get", "node", victim)).contains("NotReady");
                assertThat(k.ok("get", "node", victim, "-o", "jsonpath={.spec.taints[*].key}"))
                        .contains("node.kubernetes.io/unreachable");
            });
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                var running = k.ok("get", "pods", "-n", "moving", "-l", "app=mover",
                        "--field-selector=status.phase=Running", "-o",
                        "jsonpath={range .items[*]}{.spec.nodeName} {.metadata.deletionTimestamp}{\"\\n\"}{end}")
                        .lines().map(String::strip).filter(l -> !l.contains(" ")).toList(); // not terminating
                assertThat(running).hasSize(3).doesNotContain(victim);
            });
            assertThat(k.ok("get", "events", "-n", "moving", "--field-selector=reason=TaintManagerEviction", "-o", "name"))
                    .isNotEmpty();
        } finally {
            k.ok("annotate", "node", victim, "k3j.io/simulated-heartbeat-");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(k.ok("get", "node", victim, "-o", "jsonpath={.spec.taints[*].key}"))
                            .doesNotContain("node.kubernetes.io/unreachable"));
        }
    }
}
