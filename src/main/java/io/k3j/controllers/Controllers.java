package io.k3j.controllers;

import io.k3j.controllers.serviceaccount.LegacyTokenGenerator;
import io.k3j.controllers.serviceaccount.RootCaCertPublisher;
import io.k3j.controllers.serviceaccount.ServiceAccountController;
import io.k3j.controllers.serviceaccount.TokensController;
import java.util.ArrayList;
import java.util.List;

/** The controllers {@code k3s server} runs, by upstream's names. */
public final class Controllers {

    private Controllers() {
    }

    /** kube-controller-manager's loops, without those that need the cluster CA or the token signing key. */
    public static List<ManagedController> controllerManager() {
        return controllerManager(null, null);
    }

    /**
     * kube-controller-manager's loops; {@code rootCaPem} (the CA bundle published to namespaces) and
     * {@code legacyTokens} (signs secret-based service account tokens) enable the loops that need them.
     */
    public static List<ManagedController> controllerManager(String rootCaPem, LegacyTokenGenerator legacyTokens) {
        return controllerManager(rootCaPem, legacyTokens, null);
    }

    /**
     * As {@link #controllerManager(String, LegacyTokenGenerator)}; with a {@code clusterCidr} (K3s's
     * {@code --cluster-cidr}) also the node IPAM controller, which gives nodes their pod CIDRs.
     */
    public static List<ManagedController> controllerManager(String rootCaPem, LegacyTokenGenerator legacyTokens,
                                                            String clusterCidr) {
        List<ManagedController> all = new ArrayList<>();
        all.add(new io.k3j.controllers.endpoint.EndpointsController());
        all.add(new io.k3j.controllers.endpointslice.EndpointSliceController());
        all.add(new io.k3j.controllers.garbagecollector.GarbageCollector());
        all.add(new io.k3j.controllers.namespace.NamespaceController());
        all.add(io.k3j.controllers.nodelifecycle.NodeLifecycleController.fromSystemProperties());
        all.add(new io.k3j.controllers.nodelifecycle.TaintEvictionController());
        all.add(new io.k3j.controllers.podgc.PodGcController());
        all.add(new io.k3j.controllers.disruption.DisruptionController());
        all.add(new io.k3j.controllers.daemon.DaemonSetController());
        all.add(new io.k3j.controllers.statefulset.StatefulSetController());
        all.add(new io.k3j.controllers.job.JobController());
        all.add(new io.k3j.controllers.cronjob.CronJobController());
        all.add(new io.k3j.controllers.ttlafterfinished.TtlAfterFinishedController());
        all.add(io.k3j.controllers.replicaset.ReplicaSetController.replicaSets());
        all.add(io.k3j.controllers.replicaset.ReplicaSetController.replicationControllers());
        all.add(new io.k3j.controllers.deployment.DeploymentController());
        all.add(new ServiceAccountController());
        if (clusterCidr != null) {
            all.add(new io.k3j.controllers.nodeipam.NodeIpamController(clusterCidr));
        }
        if (rootCaPem != null) {
            all.add(new RootCaCertPublisher(rootCaPem));
        }
        if (legacyTokens != null) {
            all.add(new TokensController(legacyTokens, rootCaPem));
        }
        return all;
    }

    /** kube-scheduler, run under a lease of its own. */
    public static List<ManagedController> scheduler() {
        List<ManagedController> all = new ArrayList<>();
        all.add(new io.k3j.scheduler.Scheduler());
        return all;
    }
}
