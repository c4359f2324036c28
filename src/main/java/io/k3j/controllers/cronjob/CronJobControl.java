package io.k3j.controllers.cronjob;

import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.DeleteOptions;
import io.k3j.client.Resource;
import tools.jackson.databind.node.ObjectNode;

/**
 * The writes the CronJob controller makes (upstream's jobControl and cjControl), behind an
 * interface so that its logic can be driven in tests without a server. Errors are
 * {@link io.k3j.api.ApiException}s.
 */
public interface CronJobControl {

    Resource JOBS = Resource.of("batch", "v1", "jobs");
    Resource CRONJOBS = Resource.of("batch", "v1", "cronjobs");

    ObjectNode createJob(String namespace, ObjectNode job);

    ObjectNode getJob(String namespace, String name);

    /** Deletes with propagationPolicy Background, as upstream does. */
    void deleteJob(String namespace, String name);

    ObjectNode updateStatus(ObjectNode cronJob);

    ObjectNode getCronJob(String namespace, String name);

    /** Through the API. */
    static CronJobControl of(ApiClient client) {
        return new CronJobControl() {
            @Override
            public ObjectNode createJob(String namespace, ObjectNode job) {
                return client.create(JOBS, namespace, job);
            }

            @Override
            public ObjectNode getJob(String namespace, String name) {
                return client.get(JOBS, namespace, name);
            }

            @Override
            public void deleteJob(String namespace, String name) {
                client.delete(JOBS, namespace, name, DeleteOptions.propagation("Background"));
            }

            @Override
            public ObjectNode getCronJob(String namespace, String name) {
                return client.get(CRONJOBS, namespace, name);
            }

            @Override
            public ObjectNode updateStatus(ObjectNode cronJob) {
                return client.updateStatus(CRONJOBS, Meta.namespace(cronJob), cronJob);
            }
        };
    }
}
