package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Jobs and CronJobs through kubectl 1.33 against the jar with simulated nodes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobKubectlIT {

    private K3sProcess k3s;
    private Kubectl k;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        k3s = new K3sProcess(dir).start("--disable-agent", "--simulated-nodes", "3");
        k = new Kubectl(Kubectl.binary("1.33"), k3s.kubeconfig);
    }

    @AfterAll
    void stop() throws Exception {
        k3s.close();
    }

    @Test
    void jobCompletesAndKubectlWaitSeesIt() throws Exception {
        k.runWithInput("""
                {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"pi","namespace":"default"},
                 "spec":{"completions":2,"parallelism":2,"template":{"spec":{"nodeName":"sim-1","restartPolicy":"Never",
                   "containers":[{"name":"pi","image":"perl","command":["perl","-e","print 1"]}]}}}}""",
                "create", "-f", "-");
        assertThat(k.ok("wait", "--for=condition=complete", "job/pi", "--timeout=60s"))
                .contains("job.batch/pi condition met");
        assertThat(k.ok("get", "job", "pi", "-o", "jsonpath={.status.succeeded} {.status.conditions[*].type}"))
                .isEqualTo("2 SuccessCriteriaMet Complete");
        assertThat(k.ok("get", "pods", "-l", "batch.kubernetes.io/job-name=pi", "-o",
                "jsonpath={range .items[*]}{.status.phase} {.metadata.finalizers}{\"\\n\"}{end}"))
                .isEqualTo("Succeeded \nSucceeded \n");
        assertThat(k.ok("describe", "job", "pi")).contains("SuccessfulCreate", "Created pod: pi-", "Completed",
                "job-controller");
    }

    @Test
    void jobCreatedFromACronJobRuns() throws Exception {
        k.runWithInput("""
                {"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"tick","namespace":"default"},
                 "spec":{"schedule":"*/1 * * * *","jobTemplate":{"spec":{"template":{"spec":{"nodeName":"sim-2",
                   "restartPolicy":"OnFailure","containers":[{"name":"c","image":"busybox","command":["date"]}]}}}}}}""",
                "create", "-f", "-");
        assertThat(k.ok("create", "job", "manual", "--from=cronjob/tick")).contains("job.batch/manual created");
        assertThat(k.ok("wait", "--for=condition=complete", "job/manual", "--timeout=60s")).contains("condition met");
        assertThat(k.ok("get", "job", "manual", "-o",
                "jsonpath={.metadata.ownerReferences[0].kind} {.metadata.annotations.cronjob\\.kubernetes\\.io/instantiate}"))
                .isEqualTo("CronJob manual");
    }

    @Test
    void failingJobIsReportedFailed() throws Exception {
        k.runWithInput("""
                {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"boom","namespace":"default"},
                 "spec":{"backoffLimit":0,"template":{"metadata":{"annotations":{"k3j.io/simulated-exit-code":"2"}},
                   "spec":{"nodeName":"sim-0","restartPolicy":"Never",
                   "containers":[{"name":"c","image":"busybox","command":["false"]}]}}}}""",
                "create", "-f", "-");
        assertThat(k.ok("wait", "--for=condition=failed", "job/boom", "--timeout=60s")).contains("condition met");
        assertThat(k.ok("get", "job", "boom", "-o", "jsonpath={.status.failed} {.status.conditions[?(@.type==\"Failed\")].reason}"))
                .isEqualTo("1 BackoffLimitExceeded");
    }
}
