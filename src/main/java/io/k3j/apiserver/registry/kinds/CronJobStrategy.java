package io.k3j.apiserver.registry.kinds;

import io.k3j.api.CronSchedule;
import io.k3j.api.Meta;
import io.k3j.api.Status;
import io.k3j.apiserver.registry.Strategy;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * CronJobs (batch/v1): SetDefaults_CronJob (concurrencyPolicy Allow, suspend false, successfulJobsHistoryLimit 3,
 * failedJobsHistoryLimit 1) and the job template's pod template defaults on every write (not the Job defaults,
 * as upstream); an empty status on create; validation follows ValidateCronJob (name length, schedule, time zone,
 * policies, history limits, the job template). Stateless and thread-safe.
 */
public final class CronJobStrategy implements Strategy {

    private static final String[] CONCURRENCY = {"Allow", "Forbid", "Replace"};

    @Override
    public void prepareForCreate(ObjectNode obj) {
        defaults(obj);
        Workloads.created(obj);
    }

    @Override
    public void prepareForUpdate(ObjectNode updated, ObjectNode old) {
        defaults(updated);
        Workloads.keepGeneration(updated, old);
    }

    private static void defaults(ObjectNode obj) {
        ObjectNode spec = Workloads.spec(obj);
        if (spec == null) {
            return;
        }
        Trees.defaultString(spec, "concurrencyPolicy", "Allow");
        Trees.defaultBool(spec, "suspend", false);
        Trees.defaultInt(spec, "successfulJobsHistoryLimit", 3);
        Trees.defaultInt(spec, "failedJobsHistoryLimit", 1);
        ObjectNode jobTemplate = Trees.object(spec, "jobTemplate");
        ObjectNode jobSpec = jobTemplate == null ? null : Trees.object(jobTemplate, "spec");
        if (jobSpec != null) {
            Workloads.template(jobSpec);
        }
    }

    @Override
    public List<Status.Cause> validate(ObjectNode obj) {
        List<Status.Cause> causes = new ArrayList<>();
        String name = Meta.name(obj);
        if (name != null && name.length() > 52) {
            causes.add(Causes.invalid("metadata.name", name, "must be no more than 52 characters"));
        }
        ObjectNode spec = Trees.objectOrNull(obj, "spec");
        if (spec == null) {
            causes.add(Causes.required("spec"));
            return causes;
        }
        String schedule = Trees.str(spec, "schedule");
        if (schedule.isEmpty()) {
            causes.add(Causes.required("spec.schedule"));
        } else {
            String err = CronSchedule.error(schedule);
            if (err != null) {
                causes.add(Causes.invalid("spec.schedule", schedule, err));
            }
            if (schedule.contains("TZ")) {
                causes.add(Causes.invalid("spec.schedule", schedule,
                        "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
            }
        }
        Causes.nonNegative(causes, spec, "startingDeadlineSeconds", "spec.startingDeadlineSeconds");
        timeZone(spec.get("timeZone"), causes);
        String concurrency = Trees.str(spec, "concurrencyPolicy");
        if (concurrency.isEmpty()) {
            causes.add(Causes.required("spec.concurrencyPolicy"));
        } else if (!List.of(CONCURRENCY).contains(concurrency)) {
            causes.add(Causes.notSupported("spec.concurrencyPolicy", concurrency, CONCURRENCY));
        }
        ObjectNode jobSpec = Trees.objectOrNull(Trees.objectOrNull(spec, "jobTemplate"), "spec");
        if (jobSpec == null) {
            causes.add(Causes.required("spec.jobTemplate.spec.template.spec.containers"));
        } else {
            if (!Trees.absent(jobSpec, "selector")) {
                causes.add(Causes.invalid("spec.jobTemplate.spec.selector", jobSpec.get("selector"),
                        "`selector` will be auto-generated"));
            }
            JsonNode manual = jobSpec.get("manualSelector");
            if (manual != null && manual.asBoolean(false)) {
                causes.add(Causes.notSupported("spec.jobTemplate.spec.manualSelector", manual, "nil", "false"));
            }
            JobSpecValidation.validate(jobSpec, "spec.jobTemplate.spec", causes);
        }
        Causes.nonNegative(causes, spec, "successfulJobsHistoryLimit", "spec.successfulJobsHistoryLimit");
        Causes.nonNegative(causes, spec, "failedJobsHistoryLimit", "spec.failedJobsHistoryLimit");
        return causes;
    }

    /** Upstream validateTimeZone: nil or an explicit IANA zone name. */
    private static void timeZone(JsonNode tz, List<Status.Cause> causes) {
        if (tz == null || tz.isNull()) {
            return;
        }
        String zone = tz.isString() ? tz.stringValue() : tz.toString();
        if (zone.isEmpty()) {
            causes.add(Causes.invalid("spec.timeZone", zone, "timeZone must be nil or non-empty string"));
        } else if (zone.toLowerCase(Locale.ROOT).equals("local")) {
            causes.add(Causes.invalid("spec.timeZone", zone, "timeZone must be an explicit time zone as defined in"
                    + " https://www.iana.org/time-zones"));
        } else if (!zone.equals("UTC") && !ZoneId.getAvailableZoneIds().contains(zone)) {
            causes.add(Causes.invalid("spec.timeZone", zone, "unknown time zone " + zone));
        }
    }
}
