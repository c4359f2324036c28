package io.k3j.client.informer;

import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/** A {@link Store} with named secondary indexes (upstream's cache.Indexer). */
public interface Indexer extends Store {

    /** Objects whose {@code indexName} values include {@code value}. */
    List<ObjectNode> byIndex(String indexName, String value);

    /** Keys of the objects whose {@code indexName} values include {@code value}. */
    Set<String> indexKeys(String indexName, String value);

    /** Values {@code indexName} currently holds. */
    Set<String> listIndexFuncValues(String indexName);

    /** Adds an index; existing objects are indexed at once. */
    void addIndexer(String name, IndexFunc function);
}
