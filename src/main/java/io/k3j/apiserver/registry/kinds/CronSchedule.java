package io.k3j.apiserver.registry.kinds;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a CronJob schedule the way upstream does with robfig/cron's ParseStandard: five fields (minute, hour,
 * day of month, month, day of week) or an "@" descriptor, an optional TZ=/CRON_TZ= prefix, and robfig's error
 * messages. Stateless and thread-safe.
 */
final class CronSchedule {

    private record Bounds(int min, int max, Map<String, Integer> names) {
    }

    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2),
            Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7),
            Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11),
            Map.entry("dec", 12));
    private static final Map<String, Integer> DAYS = Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4,
            "fri", 5, "sat", 6);
    private static final List<Bounds> FIELDS = List.of(new Bounds(0, 59, Map.of()), new Bounds(0, 23, Map.of()),
            new Bounds(1, 31, Map.of()), new Bounds(1, 12, MONTHS), new Bounds(0, 6, DAYS));
    private static final List<String> DESCRIPTORS = List.of("@yearly", "@annually", "@monthly", "@weekly",
            "@daily", "@midnight", "@hourly");
    private static final Pattern DURATION =
            Pattern.compile("[-+]?(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+|0");

    private CronSchedule() {
    }

    /** robfig's parse error for {@code spec}, or null when it parses. */
    static String error(String spec) {
        if (spec.isEmpty()) {
            return "empty spec string";
        }
        String s = spec;
        if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
            int space = s.indexOf(' ');
            if (space < 0) {
                return "provided bad location " + s.substring(s.indexOf('=') + 1) + ": unknown time zone "
                        + s.substring(s.indexOf('=') + 1);
            }
            s = s.substring(space).strip();
        }
        if (s.startsWith("@")) {
            if (DESCRIPTORS.contains(s)) {
                return null;
            }
            if (s.startsWith("@every ")) {
                String d = s.substring("@every ".length());
                return DURATION.matcher(d).matches() ? null
                        : "failed to parse duration " + s + ": time: invalid duration " + Causes.quote(d);
            }
            return "unrecognized descriptor: " + s;
        }
        String[] fields = s.isBlank() ? new String[0] : s.strip().split("\\s+");
        if (fields.length != 5) {
            return "expected exactly 5 fields, found " + fields.length + ": [" + String.join(" ", fields) + "]";
        }
        for (int i = 0; i < 5; i++) {
            for (String expr : fields[i].split(",", -1)) {
                String err = range(expr, FIELDS.get(i));
                if (err != null) {
                    return err;
                }
            }
        }
        return null;
    }

    /** robfig getRange: "*", "?", "a", "a-b", each optionally "/step". */
    private static String range(String expr, Bounds r) {
        String[] rangeAndStep = expr.split("/", -1);
        String[] lowAndHigh = rangeAndStep[0].split("-", -1);
        boolean single = lowAndHigh.length == 1;
        long start;
        long end;
        if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
            start = r.min();
            end = r.max();
        } else {
            Object v = intOrName(lowAndHigh[0], r.names());
            if (v instanceof String err) {
                return err;
            }
            start = (Long) v;
            if (lowAndHigh.length == 1) {
                end = start;
            } else if (lowAndHigh.length == 2) {
                Object w = intOrName(lowAndHigh[1], r.names());
                if (w instanceof String err) {
                    return err;
                }
                end = (Long) w;
            } else {
                return "too many hyphens: " + expr;
            }
        }
        long step = 1;
        if (rangeAndStep.length == 2) {
            Object st = number(rangeAndStep[1]);
            if (st instanceof String err) {
                return err;
            }
            step = (Long) st;
            if (single) {
                end = r.max();
            }
        } else if (rangeAndStep.length > 2) {
            return "too many slashes: " + expr;
        }
        if (start < r.min()) {
            return "beginning of range (" + start + ") below minimum (" + r.min() + "): " + expr;
        } else if (end > r.max()) {
            return "end of range (" + end + ") above maximum (" + r.max() + "): " + expr;
        } else if (start > end) {
            return "beginning of range (" + start + ") beyond end of range (" + end + "): " + expr;
        } else if (step == 0) {
            return "step of range should be a positive number: " + expr;
        }
        return null;
    }

    /** A Long, or an error message. */
    private static Object intOrName(String expr, Map<String, Integer> names) {
        Integer named = names.get(expr.toLowerCase(Locale.ROOT));
        return named != null ? Long.valueOf(named) : number(expr);
    }

    /** robfig mustParseInt: a Long, or an error message. */
    private static Object number(String expr) {
        if (!expr.matches("[+-]?[0-9]+")) {
            return "failed to parse int from " + expr + ": strconv.Atoi: parsing " + Causes.quote(expr)
                    + ": invalid syntax";
        }
        long n;
        try {
            n = Long.parseLong(expr.startsWith("+") ? expr.substring(1) : expr);
        } catch (NumberFormatException e) {
            return "failed to parse int from " + expr + ": strconv.Atoi: parsing " + Causes.quote(expr)
                    + ": value out of range";
        }
        return n < 0 ? "negative number (" + n + ") not allowed: " + expr : (Object) n;
    }
}
