package io.k3j.client.informer;

import io.k3j.client.ApiClient;
import io.k3j.client.ListOptions;
import io.k3j.client.Resource;
import io.k3j.client.Watch;
import io.k3j.client.WatchOptions;
import tools.jackson.databind.node.ObjectNode;

/** Lists and watches one resource with fixed selectors (upstream's cache.ListerWatcher). */
public interface ListerWatcher {

    /** One page of the list (a {@code List} object with items and metadata.resourceVersion). */
    ObjectNode list(ListOptions options);

    Watch watch(WatchOptions options);

    /** {@code resource} in {@code namespace} (null: all), narrowed by the selectors (null: none). */
    static ListerWatcher of(ApiClient client, Resource resource, String namespace, String labelSelector,
                            String fieldSelector) {
        return new ListerWatcher() {
            @Override
            public ObjectNode list(ListOptions options) {
                return client.list(resource, namespace,
                        options.withLabelSelector(labelSelector).withFieldSelector(fieldSelector));
            }

            @Override
            public Watch watch(WatchOptions options) {
                return client.watch(resource, namespace, options.withSelectors(labelSelector, fieldSelector));
            }

            @Override
            public String toString() {
                return resource.toString();
            }
        };
    }
}
