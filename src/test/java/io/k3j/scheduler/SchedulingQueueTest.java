package io.k3j.scheduler;

import static io.k3j.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.scheduler.framework.PodInfo;
import io.k3j.scheduler.queue.SchedulingQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SchedulingQueueTest {

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    final TestClock clock = new TestClock();
    final SchedulingQueue q = new SchedulingQueue(clock);

    static PodInfo at(String name, int priority, String created) {
        return new PodInfo(Fixtures.json("{'metadata':{'name':'" + name + "','namespace':'d','uid':'" + name
                + "','creationTimestamp':'" + created + "'},'spec':{'priority':" + priority + "}}"));
    }

    @Test
    void popsByPriorityThenCreationTime() throws Exception {
        q.add(at("old-low", 0, "2026-01-01T00:00:00Z"));
        q.add(at("new-high", 100, "2026-01-01T00:00:05Z"));
        q.add(at("newer-low", 0, "2026-01-01T00:00:09Z"));
        q.add(at("old-high", 100, "2026-01-01T00:00:01Z"));
        assertThat(q.pop().pod().name).isEqualTo("old-high");
        assertThat(q.pop().pod().name).isEqualTo("new-high");
        assertThat(q.pop().pod().name).isEqualTo("old-low");
        assertThat(q.pop().pod().name).isEqualTo("newer-low");
    }

    @Test
    void backoffDoublesFromOneToTenSeconds() {
        assertThat(SchedulingQueue.backoffDuration(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(SchedulingQueue.backoffDuration(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(SchedulingQueue.backoffDuration(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(SchedulingQueue.backoffDuration(5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(SchedulingQueue.backoffDuration(30)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void failedPodsWaitOutTheirBackoff() throws Exception {
        q.add(pod("p", "", "", ""));
        SchedulingQueue.Entry e = q.pop();
        q.backoff(e);
        assertThat(q.where(e.pod().uid)).isEqualTo("backoff");
        clock.advance(Duration.ofMillis(900));
        q.flush();
        assertThat(q.where(e.pod().uid)).isEqualTo("backoff");
        clock.advance(Duration.ofMillis(100));
        q.flush();
        assertThat(q.where(e.pod().uid)).isEqualTo("active");
        e = q.pop();
        assertThat(e.attempts()).isEqualTo(2);
        q.backoff(e);
        clock.advance(Duration.ofMillis(1500));
        q.flush();
        assertThat(q.where(e.pod().uid)).isEqualTo("backoff");
        clock.advance(Duration.ofMillis(500));
        q.flush();
        assertThat(q.where(e.pod().uid)).isEqualTo("active");
    }

    @Test
    void unschedulablePodsMoveOnClusterEventsOrAfterSixtySeconds() throws Exception {
        q.add(pod("p", "", "", ""));
        SchedulingQueue.Entry e = q.pop();
        q.unschedulable(e);
        assertThat(q.where("uid-p")).isEqualTo("unschedulable");
        clock.advance(Duration.ofSeconds(5));
        q.moveAllToActiveOrBackoff(p -> true);
        assertThat(q.where("uid-p")).isEqualTo("active");
        e = q.pop();
        q.unschedulable(e);
        // an event during the backoff puts it in backoffQ
        q.moveAllToActiveOrBackoff(p -> true);
        assertThat(q.where("uid-p")).isEqualTo("backoff");
        clock.advance(Duration.ofSeconds(2));
        q.flush();
        e = q.pop();
        q.unschedulable(e);
        clock.advance(Duration.ofSeconds(59));
        q.flush();
        assertThat(q.where("uid-p")).isEqualTo("unschedulable");
        clock.advance(Duration.ofSeconds(1));
        q.flush();
        assertThat(q.where("uid-p")).isEqualTo("active");
    }

    @Test
    void anEventDuringTheCycleSendsAFailedPodToBackoff() throws Exception {
        q.add(pod("p", "", "", ""));
        SchedulingQueue.Entry e = q.pop();
        q.moveAllToActiveOrBackoff(p -> true);
        q.unschedulable(e);
        assertThat(q.where("uid-p")).isEqualTo("backoff");
    }

    @Test
    void anEventThatDoesNotSelectAPodInFlightLeavesItUnschedulable() throws Exception {
        q.add(pod("p", "", "", ""));
        q.add(pod("q", "", "", ""));
        SchedulingQueue.Entry p = q.pop();
        SchedulingQueue.Entry other = q.pop();
        q.moveAllToActiveOrBackoff(pod -> pod.name.equals("q"));
        q.unschedulable(p);
        q.unschedulable(other);
        assertThat(q.where("uid-p")).isEqualTo("unschedulable");
        assertThat(q.where("uid-q")).isEqualTo("backoff");
        q.moveAllToActiveOrBackoff(pod -> pod.name.equals("q"));
        assertThat(q.where("uid-p")).as("not selected").isEqualTo("unschedulable");
    }

    @Test
    void deletionWhileInFlightDropsThePod() throws Exception {
        q.add(pod("p", "", "", ""));
        SchedulingQueue.Entry e = q.pop();
        q.delete("uid-p");
        q.backoff(e);
        assertThat(q.where("uid-p")).isNull();
        assertThat(q.sizes()).containsExactly(0, 0, 0, 0);
    }

    @Test
    void specChangesWakeUnschedulablePods() throws Exception {
        q.add(pod("p", "", "", ""));
        q.unschedulable(q.pop());
        clock.advance(Duration.ofSeconds(5));
        q.add(pod("p", "", "", ""));
        assertThat(q.where("uid-p")).isEqualTo("unschedulable");
        q.add(pod("p", "", "", "'tolerations':[{'operator':'Exists'}]"));
        assertThat(q.where("uid-p")).isEqualTo("active");
    }
}
