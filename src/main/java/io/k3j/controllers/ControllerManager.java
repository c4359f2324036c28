package io.k3j.controllers;

import io.k3j.client.ApiClient;
import io.k3j.client.leaderelection.LeaderCallbacks;
import io.k3j.client.leaderelection.LeaderElectionConfig;
import io.k3j.client.leaderelection.LeaderElector;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a set of {@link ManagedController}s while this process leads (upstream's
 * kube-controller-manager, and kube-scheduler, which is run as a manager of its own). With
 * {@code leaderElect} the manager takes the Lease {@code kube-system/<leaseName>} and runs the
 * controllers only while it holds it, so that of several servers on one shared datastore only
 * one acts; without, it leads from the start (a single server on SQLite). Each leadership term
 * gets fresh informers and an event recorder.
 */
public final class ControllerManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerManager.class);
    private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(2);

    private final String leaseName;
    private final ApiClient client;
    private final Clock clock;
    private final List<ManagedController> controllers;
    private final boolean leaderElect;
    private final String identity;
    private LeaderElector elector;
    private Term term;

    private record Term(Informers informers, EventRecorder events) {
    }

    public ControllerManager(String leaseName, ApiClient client, Clock clock, List<ManagedController> controllers,
                             boolean leaderElect, String hostname) {
        this.leaseName = leaseName;
        this.client = client;
        this.clock = clock;
        this.controllers = List.copyOf(controllers);
        this.leaderElect = leaderElect;
        this.identity = hostname + "_" + UUID.randomUUID();
    }

    public synchronized void start() {
        if (!leaderElect) {
            lead();
            return;
        }
        elector = new LeaderElector(client, LeaderElectionConfig.defaults("kube-system", leaseName, identity),
                new LeaderCallbacks() {
                    @Override
                    public void onStartedLeading() {
                        lead();
                    }

                    @Override
                    public void onStoppedLeading() {
                        follow();
                    }
                }, clock);
        elector.start();
    }

    /** Whether the controllers are running in this process. */
    public synchronized boolean leading() {
        return term != null;
    }

    private synchronized void lead() {
        if (term != null) {
            return;
        }
        LOG.info("{}: leading as {}; starting {} controllers", leaseName, identity, controllers.size());
        Informers informers = new Informers(client);
        EventRecorder events = new EventRecorder(client, clock);
        ControllerContext context = new ControllerContext(client, informers, events, clock);
        term = new Term(informers, events);
        for (ManagedController c : controllers) {
            try {
                c.start(context);
            } catch (RuntimeException e) {
                LOG.error("{}: controller {} failed to start: {}", leaseName, c.name(), e.toString(), e);
            }
        }
        informers.start();
        Thread.ofVirtual().name(leaseName + "-sync").start(() -> {
            try {
                if (!informers.waitForSync(SYNC_TIMEOUT)) {
                    LOG.warn("{}: informers did not sync within {}", leaseName, SYNC_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private synchronized void follow() {
        Term t = term;
        if (t == null) {
            return;
        }
        term = null;
        LOG.info("{}: no longer leading; stopping controllers", leaseName);
        for (ManagedController c : controllers.reversed()) {
            try {
                c.stop();
            } catch (RuntimeException e) {
                LOG.warn("{}: controller {} failed to stop: {}", leaseName, c.name(), e.toString());
            }
        }
        t.informers().close();
        t.events().close();
    }

    @Override
    public void close() {
        LeaderElector e;
        synchronized (this) {
            e = elector;
            elector = null;
        }
        if (e != null) {
            try {
                e.stop();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        follow();
    }
}
