package io.k3j.apiserver.registry;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.api.Status;
import io.k3j.storage.Backend;
import io.k3j.storage.CompactedException;
import io.k3j.storage.KeyValue;
import io.k3j.storage.ListResult;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Lists read from the datastore at a revision: continuations and resourceVersionMatch=Exact. */
final class DatastoreList {

    private DatastoreList() {
    }

    /** The page after a continue token, read at the token's revision (410 once it is compacted). */
    static ListPage continued(Backend backend, String prefix, ListOptions opts) {
        ContinueToken token = ContinueToken.decode(opts.continueToken());
        if (!token.startAfter().startsWith(prefix)) {
            throw new ApiException(Status.badRequest("continue key is not valid: it does not belong to this list"));
        }
        return read(backend, prefix, token.startAfter(), opts, token.revision(), true);
    }

    /**
     * Reads the objects under {@code prefix} after {@code startAfter} (null: from the start) as
     * of {@code revision}, filtered, up to the limit; {@code continuing} names the 410 of a
     * compacted revision as a continue token's.
     */
    static ListPage read(Backend backend, String prefix, String startAfter, ListOptions opts, long revision,
                         boolean continuing) {
        List<ObjectNode> items = new ArrayList<>();
        String after = startAfter;
        String lastKey = null;
        boolean more = false;
        try {
            scan:
            do {
                ListResult r = backend.list(prefix, after, 500, revision);
                List<KeyValue> kvs = r.kvs();
                for (int i = 0; i < kvs.size(); i++) {
                    KeyValue kv = kvs.get(i);
                    lastKey = kv.key();
                    ObjectNode obj = Json.readStored(kv.value());
                    Meta.metadata(obj).put("resourceVersion", Long.toString(kv.modRevision()));
                    if (opts.filter().matches(obj)) {
                        items.add(obj);
                    }
                    if (opts.limit() > 0 && items.size() >= opts.limit()) {
                        more = i < kvs.size() - 1 || r.more();
                        break scan;
                    }
                }
                after = r.continueAfter();
            } while (after != null);
        } catch (CompactedException e) {
            if (continuing) {
                throw new ApiException(Status.expired("The provided continue parameter is too old to display a"
                        + " consistent list result. You can start a new list without the continue parameter, or use"
                        + " the continue token in this response to retrieve the remainder of the results."
                        + " Continuing with the provided token results in an inconsistent list - objects that were"
                        + " created, modified, or deleted between the time the first chunk was returned and now may"
                        + " show up in the list."));
            }
            throw new ApiException(Status.expired("too old resource version: " + revision + " ("
                    + e.compactRevision() + ")"));
        } catch (io.k3j.storage.StorageException e) {
            if (e.getMessage() != null && e.getMessage().contains("in the future")) {
                throw new ApiException(Status.tooLargeResourceVersion(revision, backend.currentRevision()));
            }
            throw e;
        }
        String token = more && lastKey != null ? new ContinueToken(revision, lastKey).encode() : null;
        return new ListPage(items, revision, token, null);
    }
}
