package io.k3j.client.leaderelection;

/** What a {@link LeaderElector} tells its owner (upstream's LeaderCallbacks). */
public interface LeaderCallbacks {

    /** This process now leads; runs on a virtual thread of its own. */
    void onStartedLeading();

    /** This process no longer leads (lost the lease, or stopped and released it). */
    void onStoppedLeading();

    /** The lease's holder changed to {@code identity} (possibly this process). */
    default void onNewLeader(String identity) {
    }
}
