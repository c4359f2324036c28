package io.k3j.controllers;

import java.util.ArrayList;
import java.util.List;

/** The controllers {@code k3s server} runs, by upstream's names. */
public final class Controllers {

    private Controllers() {
    }

    /** kube-controller-manager's loops. */
    public static List<ManagedController> controllerManager() {
        List<ManagedController> all = new ArrayList<>();
        all.add(io.k3j.controllers.replicaset.ReplicaSetController.replicaSets());
        all.add(io.k3j.controllers.replicaset.ReplicaSetController.replicationControllers());
        all.add(new io.k3j.controllers.deployment.DeploymentController());
        return all;
    }

    /** kube-scheduler, run under a lease of its own. */
    public static List<ManagedController> scheduler() {
        List<ManagedController> all = new ArrayList<>();
        return all;
    }
}
