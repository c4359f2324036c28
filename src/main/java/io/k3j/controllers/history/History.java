package io.k3j.controllers.history;

import io.k3j.api.ApiException;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.DeleteOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * The revision history of one DaemonSet or StatefulSet: finds or records the revision of its
 * current template (renumbering an older equal revision to the newest, as a rollback does upstream)
 * and trims history beyond {@code revisionHistoryLimit}. Idempotent; tolerates races with
 * conflicts and missing objects by rethrowing for a retry.
 */
public final class History {

    private History() {
    }

    /** The revision matching the owner's template, every controlled revision after the call, and the collision count. */
    public record Update(ObjectNode revision, List<ObjectNode> revisions, int collisionCount) {
    }

    public static Update ensure(ApiClient client, ObjectNode owner, String apiVersion, String kind,
                                List<ObjectNode> controlled, int collisionCount) {
        List<ObjectNode> revisions = Revisions.sorted(controlled);
        ObjectNode wanted = Revisions.newRevision(owner, apiVersion, kind, Revisions.patchData(owner), 0,
                collisionCount);
        ObjectNode equal = null;
        for (ObjectNode r : revisions) {
            if (Revisions.equalData(r, wanted)) {
                equal = r;
            }
        }
        long next = Revisions.nextRevision(revisions);
        if (equal != null) {
            if (Revisions.revisionNumber(equal) != next - 1) {
                ObjectNode renumbered = Revisions.renumber(client, equal, next);
                revisions.replaceAll(r -> Meta.name(r).equals(Meta.name(renumbered)) ? renumbered : r);
                return new Update(renumbered, Revisions.sorted(revisions), collisionCount);
            }
            return new Update(equal, revisions, collisionCount);
        }
        Revisions.Created created = Revisions.createOrGet(client, owner, apiVersion, kind, wanted.get("data"), next,
                collisionCount);
        revisions.removeIf(r -> Meta.name(r).equals(Meta.name(created.revision())));
        revisions.add(created.revision());
        return new Update(created.revision(), Revisions.sorted(revisions), created.collisionCount());
    }

    /**
     * The revisions to delete so that at most {@code limit} old ones remain: the oldest first,
     * never one in {@code live} (names still used by pods or the set's status).
     */
    public static List<ObjectNode> excess(List<ObjectNode> revisions, Set<String> live, int limit) {
        List<ObjectNode> old = new ArrayList<>();
        for (ObjectNode r : Revisions.sorted(revisions)) {
            if (!live.contains(Meta.name(r))) {
                old.add(r);
            }
        }
        int remove = old.size() - Math.max(0, limit);
        return remove <= 0 ? List.of() : old.subList(0, remove);
    }

    /** Deletes {@link #excess} revisions; a revision already gone is fine. */
    public static void truncate(ApiClient client, List<ObjectNode> revisions, Set<String> live, int limit) {
        for (ObjectNode r : excess(revisions, live, limit)) {
            try {
                client.delete(Revisions.CONTROLLER_REVISIONS, Meta.namespace(r), Meta.name(r), DeleteOptions.defaults());
            } catch (ApiException e) {
                if (e.status().code() != 404) {
                    throw e;
                }
            }
        }
    }
}
