package io.k3j.controllers.deployment;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The arithmetic of rolling updates (upstream's deployment util): int-or-percent limits, the
 * fenceposts maxSurge (percentages round up) and maxUnavailable (round down; both zero makes
 * maxUnavailable 1), the new replica set's next size, and proportional scaling shares. Pure.
 */
public final class RollingMath {

    private RollingMath() {
    }

    /** An int-or-string ("25%") limit scaled against {@code total}; null means 0. */
    public static int scaledValue(JsonNode value, int total, boolean roundUp) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return 0;
        }
        if (value.isIntegralNumber()) {
            return value.asInt();
        }
        String s = value.isString() ? value.stringValue() : value.toString();
        if (!s.endsWith("%")) {
            throw new IllegalArgumentException("invalid value for IntOrString: invalid type: string is not a percentage");
        }
        int percent;
        try {
            percent = Integer.parseInt(s.substring(0, s.length() - 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value \"" + s + "\": " + e.getMessage());
        }
        long scaled = (long) percent * total;
        return (int) (roundUp ? (scaled + 99) / 100 : scaled / 100);
    }

    /** {surge, unavailable} for {@code desired} replicas (upstream's ResolveFenceposts). */
    public static int[] resolveFenceposts(JsonNode maxSurge, JsonNode maxUnavailable, int desired) {
        int surge = scaledValue(maxSurge, desired, true);
        int unavailable = scaledValue(maxUnavailable, desired, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new int[] {surge, unavailable};
    }

    static boolean isRolling(JsonNode deployment) {
        return !"Recreate".equals(deployment.path("spec").path("strategy").path("type").asString("RollingUpdate"));
    }

    static int replicas(JsonNode object) {
        return object.path("spec").path("replicas").asInt(1);
    }

    private static int[] fenceposts(JsonNode d) {
        JsonNode ru = d.path("spec").path("strategy").path("rollingUpdate");
        JsonNode surge = ru.has("maxSurge") ? ru.get("maxSurge") : null;
        JsonNode unavailable = ru.has("maxUnavailable") ? ru.get("maxUnavailable") : null;
        if (ru.isMissingNode()) {
            surge = tools.jackson.databind.node.StringNode.valueOf("25%");
            unavailable = surge;
        }
        return resolveFenceposts(surge, unavailable, replicas(d));
    }

    /** How many pods may be unavailable during a rolling update (0 for Recreate or no replicas). */
    public static int maxUnavailable(JsonNode d) {
        int replicas = replicas(d);
        if (!isRolling(d) || replicas == 0) {
            return 0;
        }
        return Math.min(fenceposts(d)[1], replicas);
    }

    /** How many pods may exist above the desired count during a rolling update (0 for Recreate). */
    public static int maxSurge(JsonNode d) {
        return isRolling(d) ? fenceposts(d)[0] : 0;
    }

    /** Sum of spec.replicas. */
    static int specReplicas(List<? extends JsonNode> sets) {
        int n = 0;
        for (JsonNode rs : sets) {
            if (rs != null) {
                n += rs.path("spec").path("replicas").asInt(0);
            }
        }
        return n;
    }

    /**
     * The size the new replica set may grow to now (upstream's NewRSNewReplicas): for a rolling
     * update, as far as maxSurge over the desired count allows; for Recreate, the desired count.
     */
    public static int newReplicaSetReplicas(JsonNode d, List<? extends JsonNode> allSets, JsonNode newSet) {
        int desired = replicas(d);
        int current = newSet.path("spec").path("replicas").asInt(0);
        if (!isRolling(d)) {
            return desired;
        }
        if (current == desired) {
            return current;
        }
        int maxTotal = desired + maxSurge(d);
        int all = specReplicas(allSets);
        if (all >= maxTotal) {
            return current;
        }
        int scaleUp = Math.min(maxTotal - all, desired - current);
        return current + scaleUp;
    }

    /**
     * How many replicas of {@code toAdd} (positive: scaling up, negative: down) a replica set of
     * {@code size} gets, given {@code added} so far (upstream's GetProportion): its share of the new
     * total ({@code deploymentMax}) relative to the total it was sized for ({@code annotatedMax}).
     */
    public static int proportion(int size, int annotatedMax, int desired, int deploymentMax, int toAdd, int added) {
        if (size == 0 || toAdd == 0 || toAdd == added) {
            return 0;
        }
        int fraction;
        if (desired == 0) {
            fraction = -size;
        } else if (annotatedMax == 0) {
            fraction = 0;
        } else {
            double scaled = (double) size * deploymentMax / annotatedMax;
            fraction = (int) Math.round(scaled) - size;
        }
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }
}
