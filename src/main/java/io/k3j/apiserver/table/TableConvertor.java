package io.k3j.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Prints one kind as Table rows: the column definitions and each object's cells. Stateless. */
public interface TableConvertor {

    List<Column> columns();

    /** One cell per column, as strings, numbers or booleans. */
    List<Object> cells(ObjectNode obj, Instant now);
}
