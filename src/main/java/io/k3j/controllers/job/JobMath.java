package io.k3j.controllers.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** The arithmetic of a Job's status, as upstream's job controller does it. Pure functions, thread-safe. */
public final class JobMath {

    /** Upstream's DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff. */
    public static final Duration BACKOFF_BASE = Duration.ofSeconds(10);
    public static final Duration BACKOFF_MAX = Duration.ofMinutes(6);

    private JobMath() {
    }

    public static int parallelism(JsonNode job) {
        return Math.max(0, job.path("spec").path("parallelism").asInt(1));
    }

    /** spec.completions, or null when unset (the job completes with its first success). */
    public static Integer completions(JsonNode job) {
        JsonNode c = job.path("spec").path("completions");
        return c.isNumber() ? c.asInt() : null;
    }

    public static int backoffLimit(JsonNode job) {
        return job.path("spec").path("backoffLimit").asInt(6);
    }

    /**
     * How many pods should be active: parallelism, at most the completions still missing; without
     * completions, once a pod succeeded, no new ones ({@code active} keeps running).
     */
    public static int wantActive(JsonNode job, int active, int succeeded) {
        int parallelism = parallelism(job);
        Integer completions = completions(job);
        if (completions == null) {
            return succeeded > 0 ? active : parallelism;
        }
        return Math.max(0, Math.min(parallelism, completions - succeeded));
    }

    /** Whether the success criteria are met. */
    public static boolean complete(JsonNode job, int succeeded, int active) {
        Integer completions = completions(job);
        if (completions == null) {
            return succeeded > 0 && active == 0;
        }
        return succeeded >= completions;
    }

    public static boolean backoffLimitExceeded(JsonNode job, int failed) {
        return failed > backoffLimit(job);
    }

    /** When the job's activeDeadlineSeconds runs out, or null when it has none or did not start. */
    public static Instant deadline(JsonNode job) {
        JsonNode ads = job.path("spec").path("activeDeadlineSeconds");
        String start = job.path("status").path("startTime").asString("");
        if (!ads.isNumber() || start.isEmpty()) {
            return null;
        }
        return Instant.parse(start).plusSeconds(ads.asLong());
    }

    /** Upstream's exponential pod failure backoff: 10 s doubled per further failure, at most 6 minutes. */
    public static Duration backoff(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        Duration d = BACKOFF_BASE;
        for (int i = 1; i < failures && d.compareTo(BACKOFF_MAX) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : d;
    }

    /**
     * The lowest indexes below {@code completions} neither completed nor held by an active pod, at
     * most {@code max} of them (the indexes an Indexed job creates pods for next).
     */
    public static List<Integer> pendingIndexes(int completions, Set<Integer> completed, Set<Integer> active,
                                               int max) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < completions && out.size() < max; i++) {
            if (!completed.contains(i) && !active.contains(i)) {
                out.add(i);
            }
        }
        return out;
    }
}
