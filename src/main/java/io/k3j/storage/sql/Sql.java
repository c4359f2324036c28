package io.k3j.storage.sql;

/** The statements of the log-structured backend; portable across the supported dialects. */
final class Sql {

    private Sql() {
    }

    /** Greatest key, used as the open end of an unbounded range. */
    static final String MAX_KEY = "\uDBFF\uDFFF";

    static final String COLUMNS =
            "id, name, created, deleted, create_revision, prev_revision, lease, value";

    static final String INSERT = "INSERT INTO kv (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    static final String LATEST = "SELECT " + COLUMNS + " FROM kv WHERE name = ? ORDER BY id DESC LIMIT 1";

    static final String LATEST_AT =
            "SELECT " + COLUMNS + " FROM kv WHERE name = ? AND id <= ? ORDER BY id DESC LIMIT 1";

    /**
     * Latest version per key in [from, to) as of a revision, live only, in key order. The
     * correlated form walks the (name, id) index in order and stops at the limit, with no
     * temporary sort.
     */
    static final String LIST = "SELECT " + COLUMNS + " FROM kv WHERE name > ? AND name >= ? AND name < ?"
            + " AND id = (SELECT MAX(k2.id) FROM kv k2 WHERE k2.name = kv.name AND k2.id <= ?)"
            + " AND deleted = 0 ORDER BY name LIMIT ?";

    static final String COUNT = "SELECT COUNT(*) FROM kv JOIN"
            + " (SELECT MAX(id) AS mid FROM kv WHERE name >= ? AND name < ? GROUP BY name) m"
            + " ON kv.id = m.mid WHERE kv.deleted = 0";

    static final String LEASED = "SELECT kv.id, kv.name, kv.created, kv.deleted, kv.create_revision,"
            + " kv.prev_revision, kv.lease, kv.value FROM kv JOIN"
            + " (SELECT MAX(id) AS mid FROM kv GROUP BY name) m ON kv.id = m.mid"
            + " WHERE kv.deleted = 0 AND kv.lease > 0";

    /** Rows after a revision in one key range with the row each replaced, in revision order. */
    static final String HISTORY = "SELECT kv.id, kv.name, kv.created, kv.deleted, kv.create_revision,"
            + " kv.prev_revision, kv.lease, kv.value, p.id, p.create_revision, p.lease, p.value"
            + " FROM kv LEFT JOIN kv p ON p.id = kv.prev_revision"
            + " WHERE kv.id > ? AND kv.id <= ? AND kv.name >= ? AND kv.name < ? ORDER BY kv.id LIMIT ?";

    static final String MAX_ID = "SELECT MAX(id) FROM kv";

    static final String META_GET = "SELECT value FROM kv_meta WHERE name = ?";

    static final String META_PUT = "UPDATE kv_meta SET value = ? WHERE name = ?";

    static final String META_INIT = "INSERT INTO kv_meta (name, value) VALUES (?, 0)";

    /** Removes the versions superseded by rows in (lo, hi]. */
    static final String COMPACT_SUPERSEDED = "DELETE FROM kv WHERE id IN"
            + " (SELECT prev_revision FROM kv WHERE id > ? AND id <= ? AND prev_revision > 0)";

    /** Removes the tombstones in (lo, hi] (their previous versions went with the statement above). */
    static final String COMPACT_TOMBSTONES = "DELETE FROM kv WHERE id > ? AND id <= ? AND deleted = 1";

    static final String COMPACT_REV = "compact_rev";
}
