package io.k3j.client.leaderelection;

import static io.k3j.client.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.client.ApiClient;
import io.k3j.client.TestCluster;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class LeaderElectorIT {

    static TestCluster cluster;
    static ApiClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster();
        client = cluster.inProcess();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    record Candidate(String id, LeaderElector elector, List<String> events) {
    }

    static Candidate candidate(String id, String lease) {
        List<String> events = new CopyOnWriteArrayList<>();
        LeaderElectionConfig config = new LeaderElectionConfig("kube-system", lease, id, Duration.ofSeconds(2),
                Duration.ofMillis(1500), Duration.ofMillis(200));
        LeaderElector e = new LeaderElector(client, config, new LeaderCallbacks() {
            @Override
            public void onStartedLeading() {
                events.add("started");
            }

            @Override
            public void onStoppedLeading() {
                events.add("stopped");
            }
        }, Clock.systemUTC());
        return new Candidate(id, e, events);
    }

    @Test
    void oneLeadsAndTheOtherTakesOverWhenItStops() throws Exception {
        Candidate a = candidate("a", "it-lease");
        Candidate b = candidate("b", "it-lease");
        a.elector().start();
        b.elector().start();
        await(Duration.ofSeconds(5), () -> a.elector().isLeader() || b.elector().isLeader());
        // both keep campaigning for a while: never two leaders
        for (int i = 0; i < 20; i++) {
            assertThat(a.elector().isLeader() && b.elector().isLeader()).isFalse();
            Thread.sleep(50);
        }
        Candidate leader = a.elector().isLeader() ? a : b;
        Candidate other = leader == a ? b : a;
        assertThat(leader.events()).containsExactly("started");
        assertThat(other.events()).isEmpty();
        ObjectNode lease = client.get(LeaderElector.LEASES, "kube-system", "it-lease");
        assertThat(lease.path("spec").path("holderIdentity").asString()).isEqualTo(leader.id());
        assertThat(lease.path("spec").path("leaseDurationSeconds").asInt()).isEqualTo(2);
        int transitions = lease.path("spec").path("leaseTransitions").asInt();
        assertThat(other.elector().getLeader()).isEqualTo(leader.id());

        long stoppedAt = System.nanoTime();
        leader.elector().stop();
        assertThat(leader.events()).containsExactly("started", "stopped");
        await(Duration.ofSeconds(3), () -> other.elector().isLeader());
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt)).isLessThan(3000);
        await(Duration.ofSeconds(2), () -> other.events().contains("started"));
        ObjectNode taken = client.get(LeaderElector.LEASES, "kube-system", "it-lease");
        assertThat(taken.path("spec").path("holderIdentity").asString()).isEqualTo(other.id());
        assertThat(taken.path("spec").path("leaseTransitions").asInt()).isEqualTo(transitions + 1);
        other.elector().stop();
        assertThat(other.events()).containsExactly("started", "stopped");
    }

    @Test
    void aLeaderThatStopsRenewingIsReplacedAfterTheLeaseDuration() throws Exception {
        Candidate a = candidate("a", "expiring-lease");
        assertThat(a.elector().tryAcquireOrRenew()).isTrue(); // holds the lease but never renews it
        Candidate b = candidate("b", "expiring-lease");
        long t0 = System.nanoTime();
        b.elector().start();
        Thread.sleep(1000);
        assertThat(b.elector().isLeader()).isFalse();
        await(Duration.ofSeconds(5), () -> b.elector().isLeader());
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(1900);
        assertThat(a.elector().tryAcquireOrRenew()).isFalse();
        b.elector().stop();
    }
}
